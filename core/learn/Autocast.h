#pragma once

namespace voxsiam::learn {

/// While alive, runs eligible operations (convolutions, matrix products) in bf16 with fp32
/// master weights: LibTorch autocast on the CPU or on CUDA. Does nothing when `enable` is false.
class Bf16Autocast {
 public:
  Bf16Autocast(bool enable, bool cuda);
  ~Bf16Autocast();
  Bf16Autocast(const Bf16Autocast&) = delete;
  Bf16Autocast& operator=(const Bf16Autocast&) = delete;

 private:
  bool enable_, cuda_;
};

}  // namespace voxsiam::learn
