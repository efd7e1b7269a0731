#pragma once
#include <torch/torch.h>

namespace voxsiam::learn {

/// conv3d(input, weight, bias) with stride 1 and `padding` on every side. For one fp32 sample on
/// a CPU, where LibTorch sends small layers (channels × depth × height ≤ 20480: the coarser
/// U-Net levels) forward and backward to its native im2col path and the system's reference BLAS
/// (30–40× slower than oneDNN here), the same sum is computed as a two-group convolution over
/// the two halves of the input channels, which LibTorch runs through oneDNN both ways.
/// Elsewhere (CUDA, bf16 autocast, batches, other types) it is torch::conv3d.
torch::Tensor convolve3d(const torch::Tensor& input, const torch::Tensor& weight,
                         const torch::Tensor& bias, int64_t padding);

}  // namespace voxsiam::learn
