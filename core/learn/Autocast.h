#pragma once

namespace voxsiam::learn {

/// Whether this CPU computes bf16 natively (AVX-512 BF16 or AMX). Without, LibTorch emulates
/// bf16 convolutions and a training step of the cpu-quick network took 72 s instead of 5 s
/// in fp32 (an AVX2-only AMD EPYC, 2026-12-02).
bool cpuHasNativeBf16();

/// Whether CPU autocast is on in this thread (a Bf16Autocast for the CPU is alive).
bool cpuAutocastOn();

/// While alive, runs eligible operations (convolutions, matrix products) in bf16 with fp32
/// master weights: LibTorch autocast on the CPU or on CUDA. Does nothing when `enable` is false,
/// and on a CPU without native bf16 (cpuHasNativeBf16), where fp32 is many times faster.
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
