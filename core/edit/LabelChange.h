#pragma once
#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "core/image/Image3D.h"

namespace voxsiam::edit {

/// One voxel's label before and after an edit.
struct VoxelChange {
  std::uint64_t index = 0;  ///< linear index, i fastest
  std::uint16_t before = 0;
  std::uint16_t after = 0;
};

/// The voxels one edit changed (a brush stroke, a fill, ...): enough to undo and redo it, and
/// only as large as the edit, never a copy of the volume.
class LabelChange {
 public:
  LabelChange() = default;
  LabelChange(std::string description, std::vector<VoxelChange> voxels);

  const std::string& description() const { return description_; }
  const std::vector<VoxelChange>& voxels() const { return voxels_; }
  bool empty() const { return voxels_.empty(); }
  /// Memory the change holds, in bytes.
  std::size_t bytes() const { return voxels_.capacity() * sizeof(VoxelChange) + sizeof(*this); }
  /// Labels that the change removed or added.
  std::set<std::uint16_t> labelsTouched() const;
  /// Voxel bounding box of the change: {min i, min j, min k, max i, max j, max k}.
  std::array<std::size_t, 6> bounds(const image::ImageGeometry& geometry) const;

  /// Puts the "after" values into `labels`.
  void redo(image::LabelMap& labels) const;
  /// Puts the "before" values back into `labels`.
  void undo(image::LabelMap& labels) const;

 private:
  std::string description_;
  std::vector<VoxelChange> voxels_;
};

}  // namespace voxsiam::edit
