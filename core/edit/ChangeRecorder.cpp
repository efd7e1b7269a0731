#include "core/edit/ChangeRecorder.h"

namespace voxsiam::edit {

void ChangeRecorder::set(std::size_t index, std::uint16_t value) {
  const std::uint16_t current = labels_[index];
  if (current == value) return;
  const auto [entry, inserted] = position_.emplace(index, voxels_.size());
  if (inserted) {
    voxels_.push_back({index, current, value});
  } else {
    voxels_[entry->second].after = value;
  }
  labels_[index] = value;
}

LabelChange ChangeRecorder::take(const std::string& description) {
  std::vector<VoxelChange> changed;
  changed.reserve(voxels_.size());
  for (const VoxelChange& voxel : voxels_) {
    if (voxel.before != voxel.after) changed.push_back(voxel);
  }
  voxels_.clear();
  position_.clear();
  return LabelChange(description, std::move(changed));
}

}  // namespace voxsiam::edit
