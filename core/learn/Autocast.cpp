#include "core/learn/Autocast.h"

#include <ATen/autocast_mode.h>

namespace voxsiam::learn {

Bf16Autocast::Bf16Autocast(bool enable, bool cuda) : enable_(enable), cuda_(cuda) {
  if (!enable_) return;
  if (cuda_) {
    at::autocast::set_enabled(true);
    at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
  } else {
    at::autocast::set_cpu_enabled(true);
    at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
  }
}

Bf16Autocast::~Bf16Autocast() {
  if (!enable_) return;
  if (cuda_)
    at::autocast::set_enabled(false);
  else
    at::autocast::set_cpu_enabled(false);
  at::autocast::clear_cache();
}

}  // namespace voxsiam::learn
