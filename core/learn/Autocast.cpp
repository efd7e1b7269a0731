#include "core/learn/Autocast.h"

#include <ATen/autocast_mode.h>
#include <torch/version.h>

#include <fstream>
#include <sstream>
#include <string>

// LibTorch 2.4 replaced the per-device autocast switches by ones that take the device type.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
#define VOXSIAM_AUTOCAST_BY_DEVICE_TYPE 1
#endif

namespace voxsiam::learn {
namespace {

void switchAutocast(bool cuda, bool on) {
#ifdef VOXSIAM_AUTOCAST_BY_DEVICE_TYPE
  const auto type = cuda ? at::kCUDA : at::kCPU;
  if (on) at::autocast::set_autocast_dtype(type, at::kBFloat16);
  at::autocast::set_autocast_enabled(type, on);
#else
  if (cuda) {
    if (on) at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
    at::autocast::set_enabled(on);
  } else {
    if (on) at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
    at::autocast::set_cpu_enabled(on);
  }
#endif
}

}  // namespace

bool cpuAutocastOn() {
#ifdef VOXSIAM_AUTOCAST_BY_DEVICE_TYPE
  return at::autocast::is_autocast_enabled(at::kCPU);
#else
  return at::autocast::is_cpu_enabled();
#endif
}

bool cpuHasNativeBf16() {
  static const bool native = [] {
    std::ifstream cpuinfo("/proc/cpuinfo");
    if (!cpuinfo) return true;  // no way to tell: trust the configuration
    std::string line;
    while (std::getline(cpuinfo, line)) {
      if (line.rfind("flags", 0) != 0) continue;
      std::istringstream flags(line.substr(line.find(':') + 1));
      std::string flag;
      while (flags >> flag)
        if (flag == "avx512_bf16" || flag == "amx_bf16") return true;
      return false;
    }
    return true;
  }();
  return native;
}

Bf16Autocast::Bf16Autocast(bool enable, bool cuda)
    : enable_(enable && (cuda || cpuHasNativeBf16())), cuda_(cuda) {
  if (enable_) switchAutocast(cuda_, true);
}

Bf16Autocast::~Bf16Autocast() {
  if (!enable_) return;
  switchAutocast(cuda_, false);
  at::autocast::clear_cache();
}

}  // namespace voxsiam::learn
