#include "core/edit/LabelEditor.h"

namespace voxsiam::edit {

LabelEditor::LabelEditor(image::LabelMap labels, const image::Volume* image,
                         std::size_t historyBytes)
    : labels_(std::move(labels)), image_(image), history_(historyBytes) {
  savedState_ = history_.stateId();
}

void LabelEditor::beginStroke() {
  if (!stroke_) stroke_ = std::make_unique<ChangeRecorder>(labels_);
}

void LabelEditor::brush(const VoxelIndex& center, int sliceAxis, const BrushSettings& settings) {
  beginStroke();
  paintBrush(*stroke_, image_, center, sliceAxis, settings);
}

LabelChange LabelEditor::endStroke() {
  if (!stroke_) return {};
  LabelChange change = stroke_->take("brush stroke");
  stroke_.reset();
  history_.push(change);
  return change;
}

LabelChange LabelEditor::record(const std::string& description,
                                const std::function<void(ChangeRecorder&)>& tool) {
  endStroke();
  ChangeRecorder recorder(labels_);
  tool(recorder);
  LabelChange change = recorder.take(description);
  history_.push(change);
  return change;
}

LabelChange LabelEditor::floodFill(const VoxelIndex& seed, int sliceAxis, std::uint16_t label,
                                   std::optional<IntensityRange> intensity) {
  const FillBounds bounds{image_, FillBounds{}.bodyThresholdHu, intensity};
  return record("fill",
                [&](ChangeRecorder& r) { floodFillSlice(r, seed, sliceAxis, label, bounds); });
}

LabelChange LabelEditor::relabel(const VoxelIndex& seed, std::uint16_t label) {
  return record("relabel region", [&](ChangeRecorder& r) { relabelRegion(r, seed, label); });
}

LabelChange LabelEditor::removeIslands(std::uint16_t label, std::size_t minimumVoxels) {
  return record("remove small islands",
                [&](ChangeRecorder& r) { removeSmallIslands(r, label, minimumVoxels); });
}

LabelChange LabelEditor::interpolate(std::uint16_t label, int sliceAxis) {
  return record("interpolate slices",
                [&](ChangeRecorder& r) { interpolateSlices(r, label, sliceAxis); });
}

LabelChange LabelEditor::interpolateBetween(std::uint16_t label, int sliceAxis,
                                            const std::vector<std::size_t>& keySlices,
                                            std::size_t* changedSlices) {
  std::size_t changed = 0;
  LabelChange change = record("interpolate between key slices", [&](ChangeRecorder& r) {
    changed = interpolateKeySlices(r, label, sliceAxis, keySlices);
  });
  if (changedSlices) *changedSlices = changed;
  return change;
}

LabelChange LabelEditor::takeOrgan(const image::LabelMap& source, std::uint16_t label) {
  return record("take organ", [&](ChangeRecorder& r) { copyOrgan(r, source, label); });
}

LabelChange LabelEditor::previewEffect(const std::string& effectId,
                                       const EffectRequest& request) const {
  const EffectEntry* effect = findEffect(effectId);
  if (!effect) return {};
  image::LabelMap scratch = labels_;
  ChangeRecorder recorder(scratch);
  effect->apply(recorder, request);
  return recorder.take("preview");
}

LabelChange LabelEditor::applyEdit(const std::string& description,
                                   const std::function<void(ChangeRecorder&)>& edit) {
  return record(description, edit);
}

const LabelChange* LabelEditor::undo() {
  endStroke();
  return history_.undo(labels_);
}

const LabelChange* LabelEditor::redo() {
  endStroke();
  return history_.redo(labels_);
}

}  // namespace voxsiam::edit
