#include "core/edit/LabelChange.h"

#include <algorithm>

namespace voxsiam::edit {

LabelChange::LabelChange(std::string description, std::vector<VoxelChange> voxels)
    : description_(std::move(description)), voxels_(std::move(voxels)) {
  voxels_.shrink_to_fit();
}

std::set<std::uint16_t> LabelChange::labelsTouched() const {
  std::set<std::uint16_t> labels;
  for (const VoxelChange& voxel : voxels_) {
    labels.insert(voxel.before);
    labels.insert(voxel.after);
  }
  return labels;
}

std::array<std::size_t, 6> LabelChange::bounds(const image::ImageGeometry& geometry) const {
  std::array<std::size_t, 6> box{geometry.size[0], geometry.size[1], geometry.size[2], 0, 0, 0};
  for (const VoxelChange& voxel : voxels_) {
    const auto ijk = geometry.voxelOf(voxel.index);
    for (int axis = 0; axis < 3; ++axis) {
      box[axis] = std::min(box[axis], ijk[axis]);
      box[3 + axis] = std::max(box[3 + axis], ijk[axis]);
    }
  }
  return box;
}

void LabelChange::redo(image::LabelMap& labels) const {
  for (const VoxelChange& voxel : voxels_) labels[voxel.index] = voxel.after;
}

void LabelChange::undo(image::LabelMap& labels) const {
  for (auto voxel = voxels_.rbegin(); voxel != voxels_.rend(); ++voxel) {
    labels[voxel->index] = voxel->before;
  }
}

}  // namespace voxsiam::edit
