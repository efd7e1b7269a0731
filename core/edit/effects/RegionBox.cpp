#include "core/edit/effects/RegionBox.h"

#include <algorithm>
#include <cmath>

#include "core/image/DistanceTransform.h"

namespace voxsiam::edit {

std::optional<RegionBox> RegionBox::around(const image::LabelMap& labels, std::uint16_t label) {
  const auto& size = labels.size();
  RegionBox box{{size[0], size[1], size[2]}, {0, 0, 0}};
  bool any = false;
  std::size_t index = 0;
  for (std::size_t k = 0; k < size[2]; ++k)
    for (std::size_t j = 0; j < size[1]; ++j)
      for (std::size_t i = 0; i < size[0]; ++i, ++index) {
        if (labels[index] != label) continue;
        any = true;
        const std::array<std::size_t, 3> at{i, j, k};
        for (int axis = 0; axis < 3; ++axis) {
          box.low[axis] = std::min(box.low[axis], at[axis]);
          box.high[axis] = std::max(box.high[axis], at[axis] + 1);
        }
      }
  if (!any) return std::nullopt;
  return box;
}

RegionBox RegionBox::whole(const image::ImageGeometry& geometry) {
  return {{0, 0, 0}, geometry.size};
}

RegionBox RegionBox::grown(double mm, const image::ImageGeometry& geometry) const {
  RegionBox box = *this;
  for (int axis = 0; axis < 3; ++axis) {
    const auto extra = std::size_t(std::ceil(std::max(0.0, mm) / geometry.spacing[axis])) + 1;
    box.low[axis] = low[axis] > extra ? low[axis] - extra : 0;
    box.high[axis] = std::min(geometry.size[axis], high[axis] + extra);
  }
  return box;
}

std::array<std::size_t, 3> RegionBox::size() const {
  return {high[0] - low[0], high[1] - low[1], high[2] - low[2]};
}

std::size_t RegionBox::voxelCount() const {
  const auto extent = size();
  return extent[0] * extent[1] * extent[2];
}

std::size_t RegionBox::gridIndex(const image::ImageGeometry& geometry, std::size_t local) const {
  const auto extent = size();
  const std::size_t i = local % extent[0];
  const std::size_t j = (local / extent[0]) % extent[1];
  const std::size_t k = local / (extent[0] * extent[1]);
  return geometry.linearIndex(low[0] + i, low[1] + j, low[2] + k);
}

std::vector<unsigned char> RegionBox::maskOf(const image::LabelMap& labels,
                                             std::uint16_t label) const {
  std::vector<unsigned char> mask(voxelCount());
  for (std::size_t local = 0; local < mask.size(); ++local)
    mask[local] = labels[gridIndex(labels.geometry(), local)] == label;
  return mask;
}

namespace {

/// Distances (mm) from each box voxel's centre to the surface of `features`. The distance to
/// the nearest feature centre alone underestimates it: a voxelised surface lies beyond its
/// outermost centres by half a voxel on average where its normal runs along a grid axis (a cap
/// on 2.5 mm slices is 1.25 mm short), and by almost nothing where the normal is oblique (the
/// lattice then has centres close to any surface). So the half voxel is subtracted with weight
/// n_i^4 along each axis i, n being the unit direction the distance grows (its gradient). On
/// voxelised spheres of 12 to 25 mm at 0.7 to 5 mm spacing this brings grown and shrunk volumes
/// within about 3 % of the exact ones (uncorrected: 5 to 19 % off).
std::vector<double> distanceToSurface(const std::vector<unsigned char>& features,
                                      const RegionBox& box, const std::array<double, 3>& spacing) {
  const auto extent = box.size();
  auto distance = image::squaredDistanceToFeatures(features, extent, spacing);
  for (auto& value : distance) value = std::sqrt(value);
  const std::size_t strides[3] = {1, extent[0], extent[0] * extent[1]};
  std::vector<double> surface(distance.size());
  std::size_t local = 0;
  for (std::size_t k = 0; k < extent[2]; ++k)
    for (std::size_t j = 0; j < extent[1]; ++j)
      for (std::size_t i = 0; i < extent[0]; ++i, ++local) {
        const std::array<std::size_t, 3> at{i, j, k};
        if (features[local] || !std::isfinite(distance[local])) {
          surface[local] = features[local] ? 0.0 : distance[local];
          continue;
        }
        std::array<double, 3> gradient{};
        double norm = 0;
        for (int axis = 0; axis < 3; ++axis) {
          const bool back = at[axis] > 0, ahead = at[axis] + 1 < extent[axis];
          const double low = back ? distance[local - strides[axis]] : distance[local];
          const double high = ahead ? distance[local + strides[axis]] : distance[local];
          const double steps = double(back) + double(ahead);
          gradient[axis] = steps > 0 && std::isfinite(low) && std::isfinite(high)
                               ? (high - low) / (steps * spacing[axis])
                               : 0.0;
          norm += gradient[axis] * gradient[axis];
        }
        double halfVoxel = 0;
        for (int axis = 0; axis < 3; ++axis) {
          const double along = norm > 0 ? gradient[axis] / std::sqrt(norm) : 0.0;
          halfVoxel += 0.5 * along * along * along * along * spacing[axis];
        }
        surface[local] = distance[local] - halfVoxel;
      }
  return surface;
}

}  // namespace

std::vector<unsigned char> dilate(const std::vector<unsigned char>& mask, const RegionBox& box,
                                  const std::array<double, 3>& spacing, double mm) {
  const auto distance = distanceToSurface(mask, box, spacing);
  std::vector<unsigned char> grown(mask.size());
  for (std::size_t local = 0; local < mask.size(); ++local)
    grown[local] = mask[local] || distance[local] <= mm + 1e-9;
  return grown;
}

std::vector<unsigned char> erode(const std::vector<unsigned char>& mask, const RegionBox& box,
                                 const std::array<double, 3>& spacing, double mm) {
  // The box's outside counts as outside: pad it by one voxel of background on every side.
  RegionBox padded{{0, 0, 0}, {box.size()[0] + 2, box.size()[1] + 2, box.size()[2] + 2}};
  const auto extent = box.size();
  const auto paddedExtent = padded.size();
  std::vector<unsigned char> outside(padded.voxelCount(), 1);
  std::size_t local = 0;
  for (std::size_t k = 0; k < extent[2]; ++k)
    for (std::size_t j = 0; j < extent[1]; ++j)
      for (std::size_t i = 0; i < extent[0]; ++i, ++local)
        outside[(i + 1) + paddedExtent[0] * ((j + 1) + paddedExtent[1] * (k + 1))] = !mask[local];
  const auto distance = distanceToSurface(outside, padded, spacing);
  std::vector<unsigned char> kept(mask.size());
  local = 0;
  for (std::size_t k = 0; k < extent[2]; ++k)
    for (std::size_t j = 0; j < extent[1]; ++j)
      for (std::size_t i = 0; i < extent[0]; ++i, ++local)
        kept[local] =
            mask[local] &&
            distance[(i + 1) + paddedExtent[0] * ((j + 1) + paddedExtent[1] * (k + 1))] > mm + 1e-9;
  return kept;
}

}  // namespace voxsiam::edit
