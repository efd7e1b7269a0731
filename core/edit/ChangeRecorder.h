#pragma once
#include <string>
#include <unordered_map>

#include "core/edit/LabelChange.h"

namespace voxsiam::edit {

/// Applies voxel writes to a label map and remembers each voxel's first "before" value, so that
/// many writes (the dabs of one brush stroke) become one LabelChange.
class ChangeRecorder {
 public:
  explicit ChangeRecorder(image::LabelMap& labels) : labels_(labels) {}

  /// Sets voxel `index` to `value`, recording it when the value changes.
  void set(std::size_t index, std::uint16_t value);
  /// The map being edited.
  const image::LabelMap& labels() const { return labels_; }
  /// Number of voxels changed so far.
  std::size_t size() const { return voxels_.size(); }
  /// The recorded change (voxels whose final value equals their first value are dropped); the
  /// recorder is empty afterwards.
  LabelChange take(const std::string& description);

 private:
  image::LabelMap& labels_;
  std::vector<VoxelChange> voxels_;
  std::unordered_map<std::uint64_t, std::size_t> position_;
};

}  // namespace voxsiam::edit
