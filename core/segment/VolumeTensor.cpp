#include "core/segment/VolumeTensor.h"

#include "core/learn/GridTensor.h"

namespace voxsiam::segment {

std::array<int64_t, 3> sizeOf(const image::Volume& volume) {
  const auto& size = volume.size();
  return {int64_t(size[0]), int64_t(size[1]), int64_t(size[2])};
}

torch::Tensor volumeView(const image::Volume& volume) {
  return learn::gridView(volume.voxels(), sizeOf(volume));
}

}  // namespace voxsiam::segment
