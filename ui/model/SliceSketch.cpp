#include "ui/model/SliceSketch.h"

#include "core/edit/effects/SlicePlane.h"

namespace voxsiam::ui {

void SliceSketch::begin(const edit::VoxelIndex& voxel, int axis) {
  axis_ = axis;
  slice_ = voxel[axis];
  points_ = {voxel};
  region_.reset();
  emit changed();
}

void SliceSketch::extend(const edit::VoxelIndex& voxel) {
  if (points_.empty() || voxel[axis_] != slice_ || voxel == points_.back()) return;
  points_.push_back(voxel);
  emit changed();
}

void SliceSketch::showRegion(edit::SliceRegion region) {
  axis_ = region.axis;
  slice_ = region.slice;
  points_.clear();
  region_ = std::move(region);
  emit changed();
}

void SliceSketch::clear() {
  if (points_.empty() && !region_) return;
  points_.clear();
  region_.reset();
  emit changed();
}

edit::ScissorsOutline SliceSketch::outline() const {
  edit::ScissorsOutline outline;
  outline.axis = axis_;
  const auto [a, b] = edit::SlicePlane::inPlaneAxes(axis_);
  for (const auto& point : points_) outline.points.push_back({double(point[a]), double(point[b])});
  return outline;
}

}  // namespace voxsiam::ui
