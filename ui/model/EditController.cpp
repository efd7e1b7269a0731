#include "ui/model/EditController.h"

#include "ui/model/ModelAssist.h"
#include "ui/model/SeedGrowthSession.h"
#include "ui/model/SliceSketch.h"

#include <algorithm>
#include <cmath>

#include "ui/model/CaseSession.h"
#include "ui/model/CountText.h"

namespace voxsiam::ui {

EditController::EditController(CaseSession& session, QObject* parent)
    : QObject(parent),
      session_(session),
      seedGrowth_(new SeedGrowthSession(session, *this, this)),
      sketch_(new SliceSketch(this)),
      modelAssist_(new ModelAssist(session, *this, this)) {
  brush_.radiusMm = 5;
  brush_.label = 1;
  connect(&session_, &CaseSession::caseLoaded, this, [this] { keySlices_.clear(); });
  connect(&session_, &CaseSession::caseClosed, this, [this] { keySlices_.clear(); });
}

void EditController::setTool(const std::string& tool) {
  if (tool == tool_) return;
  tool_ = tool;
  clearPreview();
  sketch_->clear();
  emit toolChanged();
}

void EditController::setBrushRadius(double radiusMm) {
  brush_.radiusMm = std::clamp(radiusMm, 0.5, 100.0);
  emit settingsChanged();
}

void EditController::setBrushSphere(bool sphere) {
  brush_.sphere = sphere;
  emit settingsChanged();
}

void EditController::setActiveLabel(std::uint16_t label) {
  brush_.label = std::max<std::uint16_t>(1, label);
  emit settingsChanged();
}

void EditController::setIntensityRange(std::optional<edit::IntensityRange> range) {
  brush_.intensity = range;
  emit settingsChanged();
}

void EditController::setIslandMinimum(std::size_t voxels) {
  islandMinimum_ = std::max<std::size_t>(1, voxels);
  emit settingsChanged();
}

edit::BrushSettings EditController::dabSettings() const {
  edit::BrushSettings settings = brush_;
  settings.erase = erasing_;
  return settings;
}

void EditController::strokeBegin(const edit::VoxelIndex& voxel, int sliceAxis, bool erase) {
  if (!session_.hasCase()) return;
  erasing_ = erase;
  session_.editor().beginStroke();
  lastDab_.reset();
  if (!brush_.sphere) markKeySlice(voxel, sliceAxis);
  strokeContinue(voxel, sliceAxis);
}

void EditController::strokeContinue(const edit::VoxelIndex& voxel, int sliceAxis) {
  if (!session_.hasCase() || !session_.editor().strokeOpen()) return;
  auto& editor = session_.editor();
  const auto settings = dabSettings();
  const edit::VoxelIndex from = lastDab_.value_or(voxel);
  double steps = 1;
  for (int axis = 0; axis < 3; ++axis) {
    steps = std::max(steps, std::fabs(double(voxel[axis]) - double(from[axis])));
  }
  for (double step = lastDab_ ? 1 : 0; step <= steps; ++step) {
    edit::VoxelIndex dab;
    for (int axis = 0; axis < 3; ++axis) {
      dab[axis] = static_cast<std::size_t>(std::lround(
          double(from[axis]) + (double(voxel[axis]) - double(from[axis])) * step / steps));
    }
    editor.brush(dab, sliceAxis, settings);
  }
  lastDab_ = voxel;
  LabelsChange change;
  const auto& geometry = editor.labels().geometry();
  const double reach = settings.radiusMm;
  for (int axis = 0; axis < 3; ++axis) {
    const auto margin = static_cast<std::size_t>(std::ceil(reach / geometry.spacing[axis])) + 1;
    const std::size_t low = std::min(from[axis], voxel[axis]);
    const std::size_t high = std::max(from[axis], voxel[axis]);
    change.bounds[axis] = low > margin ? low - margin : 0;
    change.bounds[3 + axis] = std::min(geometry.size[axis] - 1, high + margin);
  }
  change.labels = {0, settings.label};
  session_.announceLabelsChanged(change);
}

void EditController::strokeEnd() {
  if (!session_.hasCase() || !session_.editor().strokeOpen()) return;
  const edit::LabelChange change = session_.editor().endStroke();
  lastDab_.reset();
  finish(change);
  emit reported(erasing_ ? tr("Erased %1").arg(amount(change))
                         : tr("Painted %1 with %2").arg(amount(change), organName(brush_.label)));
}

QString EditController::organName(std::uint16_t label) const {
  return QString::fromStdString(session_.scheme().nameOf(label));
}

QString EditController::amount(const edit::LabelChange& change) const {
  const auto& spacing = session_.labels().geometry().spacing;
  const double millilitres =
      double(change.voxels().size()) * spacing[0] * spacing[1] * spacing[2] / 1000.0;
  return tr("%1 (%2 ml)")
      .arg(countText(int(change.voxels().size()), tr("voxel"), tr("voxels")))
      .arg(millilitres, 0, 'f', millilitres < 10 ? 2 : 1);
}

void EditController::finish(const edit::LabelChange& change) {
  session_.announceLabelsChanged(change);
  emit historyChanged();
}

void EditController::fillAt(const edit::VoxelIndex& voxel, int sliceAxis) {
  if (!session_.hasCase()) return;
  markKeySlice(voxel, sliceAxis);
  const auto change = session_.editor().floodFill(voxel, sliceAxis, brush_.label, brush_.intensity);
  finish(change);
  reportFill(change, sliceAxis);
}

void EditController::relabelAt(const edit::VoxelIndex& voxel) {
  if (!session_.hasCase()) return;
  finish(session_.editor().relabel(voxel, brush_.label));
}

void EditController::report(const QString& text) {
  emit reported(text);
}

std::size_t EditController::removeIslands() {
  if (!session_.hasCase()) return 0;
  const auto change = session_.editor().removeIslands(brush_.label, islandMinimum_);
  finish(change);
  return change.voxels().size();
}

void EditController::reportFill(const edit::LabelChange& change, int sliceAxis) {
  if (change.empty()) {
    emit reported(tr("Nothing filled: the voxel clicked is air outside the body, outside the HU "
                     "range, or already %1")
                      .arg(organName(brush_.label)));
    return;
  }
  const auto& size = session_.labels().size();
  const double sliceVoxels = double(size[0] * size[1] * size[2]) / double(size[sliceAxis]);
  const bool large = double(change.voxels().size()) > 0.15 * sliceVoxels;
  emit reported(tr("Filled %1 of the slice with %2%3")
                    .arg(amount(change), organName(brush_.label))
                    .arg(large ? tr(" - a large region: Ctrl+Z undoes it") : QString()));
}

void EditController::markKeySlice(const edit::VoxelIndex& voxel, int sliceAxis) {
  if (sliceAxis >= 0 && sliceAxis < 3) keySlices_[brush_.label][sliceAxis].insert(voxel[sliceAxis]);
}

std::vector<std::size_t> EditController::keySlices(std::uint16_t label, int axis) const {
  const auto found = keySlices_.find(label);
  if (found == keySlices_.end() || axis < 0 || axis > 2) return {};
  return {found->second[axis].begin(), found->second[axis].end()};
}

InterpolationResult EditController::interpolate(int preferredAxis) {
  InterpolationResult result;
  if (!session_.hasCase()) {
    result.summary = tr("No case open.");
    return result;
  }
  result.axis = preferredAxis;
  for (int axis = 0; axis < 3; ++axis) {
    if (keySlices(brush_.label, result.axis).size() < 2 &&
        keySlices(brush_.label, axis).size() > keySlices(brush_.label, result.axis).size())
      result.axis = axis;
  }
  result.keySlices = keySlices(brush_.label, result.axis);
  const QString organ = QString::fromStdString(session_.scheme().nameOf(brush_.label));
  if (result.keySlices.size() < 2) {
    result.summary =
        tr("Nothing interpolated: draw %1 on at least two slices first (%2 "
           "since the case was opened).")
            .arg(organ)
            .arg(countText(int(result.keySlices.size()), tr("key slice"), tr("key slices")));
    return result;
  }
  finish(session_.editor().interpolateBetween(brush_.label, result.axis, result.keySlices,
                                              &result.changedSlices));
  const QString keys = tr("key slices %1 to %2 (%3 in all)")
                           .arg(result.keySlices.front() + 1)
                           .arg(result.keySlices.back() + 1)
                           .arg(result.keySlices.size());
  result.summary =
      result.changedSlices
          ? tr("Interpolated %1: %2 changed between %3.")
                .arg(organ)
                .arg(countText(int(result.changedSlices), tr("slice"), tr("slices")))
                .arg(keys)
          : tr("Interpolation of %1 changed nothing: the slices between %2 already match.")
                .arg(organ, keys);
  return result;
}

void EditController::takeOrgan(const image::LabelMap& source, std::uint16_t label) {
  if (!session_.hasCase()) return;
  finish(session_.editor().takeOrgan(source, label));
}

edit::EffectRequest EditController::completed(edit::EffectRequest request) const {
  request.label = brush_.label;
  request.image = &session_.caseData().image;
  request.scope.image = request.image;
  if (!request.scope.intensity) request.scope.intensity = brush_.intensity;
  return request;
}

void EditController::applyEffect(const std::string& effectId, edit::EffectRequest request) {
  if (!session_.hasCase()) return;
  clearPreview();
  const auto* effect = edit::findEffect(effectId);
  if (!effect) return;
  request = completed(std::move(request));
  applyEdit(effect->describe(request, organName(request.label).toStdString()),
            [&](edit::ChangeRecorder& recorder) { effect->apply(recorder, request); });
}

std::size_t EditController::previewEffect(const std::string& effectId,
                                          edit::EffectRequest request) {
  if (!session_.hasCase() || !edit::findEffect(effectId)) return 0;
  request = completed(std::move(request));
  const auto change = session_.editor().previewEffect(effectId, request);
  image::LabelMap after = session_.labels();
  change.redo(after);
  const auto touched = change.labelsTouched();
  for (std::size_t index = 0; index < after.voxelCount(); ++index)
    if (!touched.count(after[index])) after[index] = 0;  // outline only the organs it changes
  const auto* effect = edit::findEffect(effectId);
  session_.setOutline(std::move(after),
                      tr("preview: %1 (%2)")
                          .arg(QString::fromStdString(effect->describe(
                                   request, organName(request.label).toStdString())),
                               amount(change)));
  previewShown_ = true;
  return change.voxels().size();
}

void EditController::showPreview(image::LabelMap labels, const QString& caption) {
  if (!session_.hasCase()) return;
  session_.setOutline(std::move(labels), caption);
  previewShown_ = session_.outline() != nullptr;
}

void EditController::applyEdit(const std::string& description,
                               const std::function<void(edit::ChangeRecorder&)>& edit) {
  if (!session_.hasCase()) return;
  clearPreview();
  const auto change = session_.editor().applyEdit(description, edit);
  finish(change);
  emit reported(change.empty()
                    ? tr("%1 changed nothing").arg(QString::fromStdString(description))
                    : tr("%1: %2").arg(QString::fromStdString(description), amount(change)));
}

void EditController::clearPreview() {
  if (!previewShown_) return;
  previewShown_ = false;
  session_.setOutline(std::nullopt);
}

void EditController::undo() {
  if (!session_.hasCase()) return;
  const auto* change = session_.editor().undo();
  if (!change) {
    emit reported(tr("Nothing to undo"));
    return;
  }
  finish(*change);
  emit reported(
      tr("Undid %1 (%2)").arg(QString::fromStdString(change->description()), amount(*change)));
}

void EditController::redo() {
  if (!session_.hasCase()) return;
  const auto* change = session_.editor().redo();
  if (!change) {
    emit reported(tr("Nothing to redo"));
    return;
  }
  finish(*change);
  emit reported(
      tr("Redid %1 (%2)").arg(QString::fromStdString(change->description()), amount(*change)));
}

bool EditController::canUndo() const {
  return session_.hasCase() && session_.editor().history().canUndo();
}

bool EditController::canRedo() const {
  return session_.hasCase() && session_.editor().history().canRedo();
}

}  // namespace voxsiam::ui
