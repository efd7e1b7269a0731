#include "core/learn/UpsampledConv.h"

#include "core/learn/Convolution.h"

namespace voxsiam::learn {
namespace {

/// The kernel with its three taps along `dim` collapsed to the two that one output parity of a
/// ×2 nearest upsampling sees: an even voxel reads coarse offsets −1 and 0 (taps 0 and 1+2), an
/// odd one offsets 0 and +1 (taps 0+1 and 2).
torch::Tensor parityTaps(const torch::Tensor& kernel, int64_t dim, bool odd) {
  const auto tap = kernel.unbind(dim);
  return odd ? torch::stack({tap[0] + tap[1], tap[2]}, dim)
             : torch::stack({tap[0], tap[1] + tap[2]}, dim);
}

}  // namespace

torch::Tensor convOfNearestUpsampled(const torch::Tensor& coarse, const torch::Tensor& weight) {
  const int64_t n = coarse.size(0), d = coarse.size(2), h = coarse.size(3), w = coarse.size(4);
  std::vector<torch::Tensor> parities;  // N × Cout × D × H × W each, (z, y, x) major
  parities.reserve(8);
  for (const bool oddZ : {false, true}) {
    const auto kernelZ = parityTaps(weight, 2, oddZ);
    for (const bool oddY : {false, true}) {
      const auto kernelZY = parityTaps(kernelZ, 3, oddY);
      for (const bool oddX : {false, true}) {
        // An even parity reads one zero before the volume, an odd one one zero after it.
        const auto window = torch::constant_pad_nd(coarse, {!oddX, oddX, !oddY, oddY, !oddZ, oddZ});
        parities.push_back(convolve3d(window, parityTaps(kernelZY, 4, oddX), {}, 0));
      }
    }
  }
  const int64_t out = weight.size(0);
  return torch::stack(parities, 2)
      .view({n, out, 2, 2, 2, d, h, w})
      .permute({0, 1, 5, 2, 6, 3, 7, 4})
      .reshape({n, out, 2 * d, 2 * h, 2 * w});
}

}  // namespace voxsiam::learn
