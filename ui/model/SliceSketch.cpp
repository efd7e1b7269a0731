#include "ui/model/SliceSketch.h"

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
  const int a = axis_ == 0 ? 1 : 0, b = axis_ == 2 ? 1 : 2;
  for (const auto& point : points_) outline.points.push_back({double(point[a]), double(point[b])});
  return outline;
}

}  // namespace voxsiam::ui
