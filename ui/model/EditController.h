#pragma once
#include <QObject>

#include <QString>
#include <QVariant>
#include <QVariantMap>

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/edit/EditTools.h"
#include "core/edit/effects/EffectTable.h"
#include "core/edit/effects/Islands.h"
#include "core/edit/effects/Scissors.h"

namespace voxsiam::ui {

class CaseSession;
class SeedGrowthSession;
class SliceSketch;
class ModelAssist;

/// What an interpolation between key slices did, for the user.
struct InterpolationResult {
  std::size_t changedSlices = 0;
  int axis = 2;                        ///< image axis normal to the interpolated slices
  std::vector<std::size_t> keySlices;  ///< the key slices used, ascending
  QString summary;                     ///< one line: what changed, or why nothing did
};

/// Turns what the user does in the views into label edits (brush strokes, fills, island removal,
/// interpolation, undo and redo) on the session's label editor, and announces the changes.
class EditController : public QObject {
  Q_OBJECT

 public:
  explicit EditController(CaseSession& session, QObject* parent = nullptr);

  /// Id of the chosen tool of the tool table (ui/widgets/tools): "navigate", "brush", ...
  const std::string& tool() const { return tool_; }
  void setTool(const std::string& tool);
  /// Brush and fill settings; the label painted is `brush().label`.
  const edit::BrushSettings& brush() const { return brush_; }
  void setBrushRadius(double radiusMm);
  void setBrushSphere(bool sphere);
  void setActiveLabel(std::uint16_t label);
  void setIntensityRange(std::optional<edit::IntensityRange> range);
  std::size_t islandMinimum() const { return islandMinimum_; }
  void setIslandMinimum(std::size_t voxels);

  /// A brush (or, with `erase`, eraser) stroke through voxels, in the slice normal to image axis
  /// `sliceAxis`.
  void strokeBegin(const edit::VoxelIndex& voxel, int sliceAxis, bool erase = false);
  void strokeContinue(const edit::VoxelIndex& voxel, int sliceAxis);
  void strokeEnd();
  /// Fills the connected region at `voxel` in the slice normal to `sliceAxis` with the active
  /// organ (within the HU range when one is set).
  void fillAt(const edit::VoxelIndex& voxel, int sliceAxis);
  /// Gives the connected 3-D region at `voxel` the active organ.
  void relabelAt(const edit::VoxelIndex& voxel);
  /// Removes islands of the active label smaller than islandMinimum().
  std::size_t removeIslands();
  /// Reshapes the active label between its key slices (slices drawn or filled in 2-D since the
  /// case opened) normal to `preferredAxis`, or normal to the axis with the most key slices when
  /// that one has fewer than two.
  InterpolationResult interpolate(int preferredAxis);
  /// Key slices of `label` normal to image axis `axis`, ascending.
  std::vector<std::size_t> keySlices(std::uint16_t label, int axis) const;
  /// Takes organ `label` from `source` (a model's suggestion) into the labels, as one step.
  void takeOrgan(const image::LabelMap& source, std::uint16_t label);
  /// Applies effect `effectId` (core/edit's effect table) to the active organ with `request`
  /// (its label, CT and HU limit are filled in here) as one undo step, and says what changed.
  /// Removes the preview.
  void applyEffect(const std::string& effectId, edit::EffectRequest request);
  /// Shows what applyEffect would do as an outline of the organs it changes, as they would
  /// become ("preview: ..."), without changing the labels; returns the voxels it would change.
  std::size_t previewEffect(const std::string& effectId, edit::EffectRequest request);
  /// Removes the preview outline, if one is shown.
  void clearPreview();
  /// Shows `labels` (the case's grid: what an edit would make of the organs it changes) as the
  /// preview outline with `caption`.
  void showPreview(image::LabelMap labels, const QString& caption);
  /// Applies `edit` (a write through the recorder) as one undo step described as
  /// `description`, removes the preview and says what changed.
  void applyEdit(const std::string& description,
                 const std::function<void(edit::ChangeRecorder&)>& edit);
  /// The seeds and the growing of the grow-from-seeds tool.
  SeedGrowthSession& seedGrowth() { return *seedGrowth_; }
  /// The model-assisted click's prediction and edits.
  ModelAssist& modelAssist() { return *modelAssist_; }
  /// What a tool draws before it edits (the scissors' outline, level tracing's region).
  SliceSketch& sketch() { return *sketch_; }
  /// An option a tool shares between its options page and its mouse handling, by key
  /// ("scissors/action"); `fallback` while unset.
  QVariant toolOption(const QString& key, const QVariant& fallback = {}) const;
  void setToolOption(const QString& key, const QVariant& value);
  /// Cuts along the sketch's outline (one undo step) and clears it: erasing the active organ,
  /// or with `allOrgans` every organ; filling paints the active organ within the HU limit.
  void cutWithSketch(edit::ScissorsRequest request, bool allOrgans);
  /// Shows in the sketch the region level tracing would fill from `voxel` in the slice normal to
  /// `sliceAxis` (at or below the level with `darker`).
  void previewLevelTrace(const edit::VoxelIndex& voxel, int sliceAxis, bool darker);
  /// Fills that region with the active organ as one undo step; the slice becomes a key slice.
  void fillLevelTrace(const edit::VoxelIndex& voxel, int sliceAxis, bool darker);
  /// Keeps, removes or moves to the active organ the island under `voxel`.
  void editIslandAt(const edit::VoxelIndex& voxel, edit::IslandAction action);
  /// Keeps only the largest island of the active organ.
  void keepLargestIsland();
  void undo();
  void redo();
  /// Says `text` on the message line (through reported()).
  void report(const QString& text);
  bool canUndo() const;
  bool canRedo() const;

 signals:
  void toolChanged();
  void settingsChanged();
  /// Undo/redo availability or the modified state changed.
  void historyChanged();
  /// One line on what an edit did (for the message line).
  void reported(const QString& text);

 private:
  edit::BrushSettings dabSettings() const;
  void markKeySlice(const edit::VoxelIndex& voxel, int sliceAxis);
  void reportFill(const edit::LabelChange& change, int sliceAxis);
  void finish(const edit::LabelChange& change);
  /// "N voxels (V ml)" of a change.
  QString amount(const edit::LabelChange& change) const;
  QString organName(std::uint16_t label) const;
  /// `request` with the active organ, the case's CT and the brush's HU limit.
  edit::EffectRequest completed(edit::EffectRequest request) const;

  CaseSession& session_;
  std::string tool_ = "navigate";
  bool erasing_ = false;  ///< the open stroke erases
  edit::BrushSettings brush_;
  std::size_t islandMinimum_ = 50;
  std::optional<edit::VoxelIndex> lastDab_;
  std::map<std::uint16_t, std::array<std::set<std::size_t>, 3>> keySlices_;
  bool previewShown_ = false;
  SeedGrowthSession* seedGrowth_ = nullptr;
  SliceSketch* sketch_ = nullptr;
  ModelAssist* modelAssist_ = nullptr;
  QVariantMap toolOptions_;
};

}  // namespace voxsiam::ui
