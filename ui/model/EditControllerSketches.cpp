// EditController's edits that start from a sketch or a click in one slice: scissors, level
// tracing and island clicks.
#include "core/edit/effects/LevelTrace.h"
#include "ui/model/CaseSession.h"
#include "ui/model/EditController.h"
#include "ui/model/SliceSketch.h"

namespace voxsiam::ui {
namespace {

std::string scissorsDescription(const edit::ScissorsRequest& request, const std::string& organ) {
  switch (request.action) {
    case edit::ScissorsAction::EraseInside:
      return "scissors: erase " + organ + " inside";
    case edit::ScissorsAction::EraseOutside:
      return "scissors: erase " + organ + " outside";
    case edit::ScissorsAction::FillInside:
      return "scissors: fill " + organ + " inside";
  }
  return "scissors";
}

}  // namespace

QVariant EditController::toolOption(const QString& key, const QVariant& fallback) const {
  return toolOptions_.value(key, fallback);
}

void EditController::setToolOption(const QString& key, const QVariant& value) {
  toolOptions_.insert(key, value);
}

void EditController::cutWithSketch(edit::ScissorsRequest request, bool allOrgans) {
  const edit::ScissorsOutline outline = sketch_->outline();
  sketch_->clear();
  if (!session_.hasCase()) return;
  if (outline.points.size() < 3) {
    report(tr("Scissors: draw a closed outline around what to cut (drag with the left button)"));
    return;
  }
  const bool fill = request.action == edit::ScissorsAction::FillInside;
  request.label = fill || !allOrgans ? brush_.label : 0;
  request.scope.image = &session_.caseData().image;
  request.scope.intensity = brush_.intensity;
  const std::string organ =
      request.label ? organName(request.label).toStdString() : std::string("all organs");
  applyEdit(scissorsDescription(request, organ), [&](edit::ChangeRecorder& recorder) {
    edit::cutWithScissors(recorder, outline, request);
  });
}

void EditController::previewLevelTrace(const edit::VoxelIndex& voxel, int sliceAxis, bool darker) {
  if (!session_.hasCase()) return;
  sketch_->showRegion(edit::traceLevel(session_.caseData().image, voxel, sliceAxis, darker,
                                       &session_.labels(), brush_.label));
}

void EditController::fillLevelTrace(const edit::VoxelIndex& voxel, int sliceAxis, bool darker) {
  if (!session_.hasCase()) return;
  const auto region = edit::traceLevel(session_.caseData().image, voxel, sliceAxis, darker,
                                       &session_.labels(), brush_.label);
  edit::EffectScope scope;
  scope.image = &session_.caseData().image;
  scope.intensity = brush_.intensity;
  applyEdit("level trace " + organName(brush_.label).toStdString() + " in slice " +
                std::to_string(region.slice + 1),
            [&](edit::ChangeRecorder& recorder) {
              edit::paintSliceRegion(recorder, region, brush_.label, scope);
            });
  markKeySlice(voxel, sliceAxis);
  if (double(region.pixels) > 0.15 * double(region.width * region.height))
    report(
        tr("Level trace filled %1 % of the slice - a large region: Ctrl+Z undoes it; move "
           "the mouse closer to the organ's edge")
            .arg(100.0 * double(region.pixels) / double(region.width * region.height), 0, 'f', 0));
}

void EditController::editIslandAt(const edit::VoxelIndex& voxel, edit::IslandAction action) {
  if (!session_.hasCase()) return;
  const auto& labels = session_.labels();
  const std::uint16_t organ = labels[labels.geometry().linearIndex(voxel[0], voxel[1], voxel[2])];
  if (organ == 0) {
    report(tr("Islands: click inside an organ"));
    return;
  }
  const std::string name = organName(organ).toStdString();
  const std::string description =
      action == edit::IslandAction::KeepClicked ? "keep the clicked island of " + name
      : action == edit::IslandAction::RemoveClicked
          ? "remove the clicked island of " + name
          : "island of " + name + " to " + organName(brush_.label).toStdString();
  applyEdit(description, [&](edit::ChangeRecorder& recorder) {
    edit::editIslandAt(recorder, voxel, action, brush_.label);
  });
}

void EditController::keepLargestIsland() {
  applyEdit(
      "keep the largest island of " + organName(brush_.label).toStdString(),
      [&](edit::ChangeRecorder& recorder) { edit::keepLargestIsland(recorder, brush_.label); });
}

}  // namespace voxsiam::ui
