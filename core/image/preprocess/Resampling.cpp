#include "core/image/preprocess/Resampling.h"

#include <cmath>

#include "core/image/InputError.h"
#include "core/image/preprocess/GridMapping.h"

namespace voxsiam::image {
namespace {

/// Calls `visit(targetIndex, sourceContinuousIndex)` for every voxel of `target`.
template <typename Visit>
void forEachTargetVoxel(const ImageGeometry& source, const ImageGeometry& target, Visit visit) {
  std::size_t index = 0;
  for (std::size_t k = 0; k < target.size[2]; ++k)
    for (std::size_t j = 0; j < target.size[1]; ++j)
      for (std::size_t i = 0; i < target.size[0]; ++i, ++index)
        visit(index,
              source.physicalToIndex(target.indexToPhysical({double(i), double(j), double(k)})));
}

bool insideGrid(const std::array<double, 3>& index, const std::array<std::size_t, 3>& size) {
  for (int axis = 0; axis < 3; ++axis)
    if (index[axis] < -0.5 || index[axis] > static_cast<double>(size[axis]) - 0.5) return false;
  return true;
}

}  // namespace

ImageGeometry geometryWithSpacing(const ImageGeometry& geometry,
                                  const std::array<double, 3>& spacing) {
  ImageGeometry result = geometry;
  std::array<double, 3> firstCentre{};
  long double voxels = 1;
  for (int axis = 0; axis < 3; ++axis) {
    const double extent = static_cast<double>(geometry.size[axis]) * geometry.spacing[axis];
    const long double count = std::max(1.0L, std::round(static_cast<long double>(extent) /
                                                        static_cast<long double>(spacing[axis])));
    voxels *= count;
    if (!std::isfinite(extent) || !(spacing[axis] > 0) || !std::isfinite(double(voxels)) ||
        voxels > static_cast<long double>(kMaxVoxels))
      throw InputError("resampling", "a " + std::to_string(spacing[axis]) +
                                         " mm grid over this image would need more than " +
                                         std::to_string(kMaxVoxels) + " voxels");
    result.size[axis] = static_cast<std::size_t>(count);
    result.spacing[axis] = extent / static_cast<double>(result.size[axis]);
    firstCentre[axis] = -0.5 + 0.5 * result.spacing[axis] / geometry.spacing[axis];
  }
  result.origin = geometry.indexToPhysical(firstCentre);
  return result;
}

Volume resampleLinear(const Volume& image, const ImageGeometry& target, float outside) {
  Volume result(target);
  forEachTargetVoxel(image.geometry(), target, [&](std::size_t index, const auto& at) {
    result[index] = insideGrid(at, image.size())
                        ? sampleLinear(image.voxels().data(), image.size(), at)
                        : outside;
  });
  return result;
}

LabelMap resampleNearest(const LabelMap& labels, const ImageGeometry& target) {
  LabelMap result(target);
  forEachTargetVoxel(labels.geometry(), target, [&](std::size_t index, const auto& at) {
    if (!insideGrid(at, labels.size())) return;
    std::size_t nearest[3];
    for (int axis = 0; axis < 3; ++axis)
      nearest[axis] =
          std::min<std::size_t>(std::lround(std::max(at[axis], 0.0)), labels.size()[axis] - 1);
    result[index] = labels.at(nearest[0], nearest[1], nearest[2]);
  });
  return result;
}

}  // namespace voxsiam::image
