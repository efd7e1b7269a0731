#include "core/learn/GridTensor.h"

#include <stdexcept>

namespace voxsiam::learn {
namespace {

template <typename Voxel>
torch::Tensor view(const std::vector<Voxel>& voxels, const std::array<int64_t, 3>& sizeIjk,
                   torch::ScalarType type) {
  if (int64_t(voxels.size()) != sizeIjk[0] * sizeIjk[1] * sizeIjk[2])
    throw std::invalid_argument("voxel count " + std::to_string(voxels.size()) +
                                " does not match the grid size");
  return torch::from_blob(const_cast<Voxel*>(voxels.data()), {sizeIjk[2], sizeIjk[1], sizeIjk[0]},
                          type);
}

}  // namespace

torch::Tensor gridView(const std::vector<float>& voxels, const std::array<int64_t, 3>& sizeIjk) {
  return view(voxels, sizeIjk, torch::kFloat);
}

torch::Tensor gridView(const std::vector<uint8_t>& voxels, const std::array<int64_t, 3>& sizeIjk) {
  return view(voxels, sizeIjk, torch::kUInt8);
}

std::vector<float> floatVoxels(const torch::Tensor& tensor) {
  const auto data = tensor.to(torch::kCPU, torch::kFloat).contiguous();
  return {data.data_ptr<float>(), data.data_ptr<float>() + data.numel()};
}

}  // namespace voxsiam::learn
