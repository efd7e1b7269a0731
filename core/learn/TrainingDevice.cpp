// The device and CPU threads of training (declared in Trainer.h).
#include <torch/torch.h>

#include <algorithm>
#include <thread>

#include "core/learn/Trainer.h"

namespace voxsiam::learn {

int cudaDeviceCount() {
  return torch::cuda::is_available() ? int(torch::cuda::device_count()) : 0;
}

std::string chooseDevice(const std::string& requested) {
  const bool gpu = torch::cuda::is_available();
  if (requested == "cpu" || (requested == "auto" && !gpu)) return "cpu";
  if (requested == "cuda" || requested == "auto") {
    if (!gpu) throw std::invalid_argument("device cuda requested, but LibTorch sees no CUDA GPU");
    return "cuda";
  }
  throw std::invalid_argument("unknown device '" + requested + "' (allowed: auto, cpu, cuda)");
}

void useCpuThreads(int64_t threads, int processes) {
  const int64_t shared = int64_t(std::thread::hardware_concurrency()) / std::max(processes, 1);
  at::set_num_threads(static_cast<int>(threads > 0 ? threads : std::max<int64_t>(1, shared)));
}

}  // namespace voxsiam::learn
