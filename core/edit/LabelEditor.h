#pragma once
#include <functional>
#include <memory>

#include "core/edit/EditHistory.h"
#include "core/edit/EditTools.h"
#include "core/edit/effects/EffectTable.h"

namespace voxsiam::edit {

/// The label map being corrected, with its edit tools and undo/redo history: the segmentation
/// model the studio's views and controllers work on. Every tool call becomes one undo step (a
/// brush stroke from beginStroke() to endStroke() is one step).
class LabelEditor {
 public:
  /// Edits `labels`; `image` (same grid) serves the intensity limit and must outlive the editor.
  LabelEditor(image::LabelMap labels, const image::Volume* image,
              std::size_t historyBytes = std::size_t{256} << 20);

  const image::LabelMap& labels() const { return labels_; }
  const EditHistory& history() const { return history_; }

  /// Starts a brush stroke; dabs until endStroke() form one undo step.
  void beginStroke();
  /// Paints one dab of the current stroke (starts one when none is open).
  void brush(const VoxelIndex& center, int sliceAxis, const BrushSettings& settings);
  /// Ends the stroke and returns what it changed.
  LabelChange endStroke();
  bool strokeOpen() const { return stroke_ != nullptr; }

  /// One-step tools (see EditTools.h); each returns what it changed.
  /// Fill in slice, bounded by other labels, the body outline of the image and `intensity`.
  LabelChange floodFill(const VoxelIndex& seed, int sliceAxis, std::uint16_t label,
                        std::optional<IntensityRange> intensity = std::nullopt);
  LabelChange relabel(const VoxelIndex& seed, std::uint16_t label);
  LabelChange removeIslands(std::uint16_t label, std::size_t minimumVoxels);
  LabelChange interpolate(std::uint16_t label, int sliceAxis);
  /// Reshapes `label` between `keySlices` (see interpolateKeySlices); `changedSlices` (optional)
  /// receives the number of slices that changed.
  LabelChange interpolateBetween(std::uint16_t label, int sliceAxis,
                                 const std::vector<std::size_t>& keySlices,
                                 std::size_t* changedSlices = nullptr);
  /// Takes organ `label` from `source` (e.g. a model's prediction on the same grid).
  LabelChange takeOrgan(const image::LabelMap& source, std::uint16_t label);

  /// What effect `effectId` of the effect table (effects/EffectTable.h) would change, computed
  /// on a copy: the labels stay as they are and the history does not grow.
  LabelChange previewEffect(const std::string& effectId, const EffectRequest& request) const;

  /// Applies `edit` (an effect's write through the recorder) as one undo step described as
  /// `description`; returns what it changed.
  LabelChange applyEdit(const std::string& description,
                        const std::function<void(ChangeRecorder&)>& edit);

  /// Undoes or redoes one step; returns the change (nullptr when there was none).
  const LabelChange* undo();
  const LabelChange* redo();

  /// True when the labels differ from the state last marked saved.
  bool modified() const { return history_.stateId() != savedState_; }
  /// Marks the current labels as saved.
  void markSaved() { savedState_ = history_.stateId(); }

 private:
  LabelChange record(const std::string& description,
                     const std::function<void(ChangeRecorder&)>& tool);

  image::LabelMap labels_;
  const image::Volume* image_;
  EditHistory history_;
  std::unique_ptr<ChangeRecorder> stroke_;
  std::uint64_t savedState_;
};

}  // namespace voxsiam::edit
