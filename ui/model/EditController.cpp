#include "ui/model/EditController.h"

#include <algorithm>
#include <cmath>

#include "ui/model/CaseSession.h"

namespace voxsiam::ui {

EditController::EditController(CaseSession& session, QObject* parent)
    : QObject(parent), session_(session) {
  brush_.radiusMm = 5;
  brush_.label = 1;
}

void EditController::setTool(EditTool tool) {
  if (tool == tool_) return;
  tool_ = tool;
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
  settings.erase = tool_ == EditTool::Eraser;
  return settings;
}

void EditController::strokeBegin(const edit::VoxelIndex& voxel, int sliceAxis) {
  if (!session_.hasCase()) return;
  session_.editor().beginStroke();
  lastDab_.reset();
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
}

void EditController::finish(const edit::LabelChange& change) {
  session_.announceLabelsChanged(change);
  emit historyChanged();
}

void EditController::applyAt(const edit::VoxelIndex& voxel, int sliceAxis) {
  if (!session_.hasCase()) return;
  if (tool_ == EditTool::Fill) {
    finish(session_.editor().floodFill(voxel, sliceAxis, brush_.label));
  } else if (tool_ == EditTool::Relabel) {
    finish(session_.editor().relabel(voxel, brush_.label));
  }
}

std::size_t EditController::removeIslands() {
  if (!session_.hasCase()) return 0;
  const auto change = session_.editor().removeIslands(brush_.label, islandMinimum_);
  finish(change);
  return change.voxels().size();
}

std::size_t EditController::interpolate(int sliceAxis) {
  if (!session_.hasCase()) return 0;
  const auto change = session_.editor().interpolate(brush_.label, sliceAxis);
  finish(change);
  return change.voxels().size();
}

void EditController::takeOrgan(const image::LabelMap& source, std::uint16_t label) {
  if (!session_.hasCase()) return;
  finish(session_.editor().takeOrgan(source, label));
}

void EditController::undo() {
  if (!session_.hasCase()) return;
  if (const auto* change = session_.editor().undo()) finish(*change);
}

void EditController::redo() {
  if (!session_.hasCase()) return;
  if (const auto* change = session_.editor().redo()) finish(*change);
}

bool EditController::canUndo() const {
  return session_.hasCase() && session_.editor().history().canUndo();
}

bool EditController::canRedo() const {
  return session_.hasCase() && session_.editor().history().canRedo();
}

}  // namespace voxsiam::ui
