#pragma once
#include <QObject>

#include <array>
#include <optional>

#include "core/edit/EditTools.h"

namespace voxsiam::ui {

class CaseSession;

/// The tool the left mouse button uses in the slice views.
enum class EditTool { Navigate, Brush, Eraser, Fill, Relabel };

/// Turns what the user does in the views into label edits (brush strokes, fills, island removal,
/// interpolation, undo and redo) on the session's label editor, and announces the changes.
class EditController : public QObject {
  Q_OBJECT

 public:
  explicit EditController(CaseSession& session, QObject* parent = nullptr);

  EditTool tool() const { return tool_; }
  void setTool(EditTool tool);
  /// Brush and fill settings; the label painted is `brush().label`.
  const edit::BrushSettings& brush() const { return brush_; }
  void setBrushRadius(double radiusMm);
  void setBrushSphere(bool sphere);
  void setActiveLabel(std::uint16_t label);
  void setIntensityRange(std::optional<edit::IntensityRange> range);
  std::size_t islandMinimum() const { return islandMinimum_; }
  void setIslandMinimum(std::size_t voxels);

  /// A brush or eraser stroke through voxels, in the slice normal to image axis `sliceAxis`.
  void strokeBegin(const edit::VoxelIndex& voxel, int sliceAxis);
  void strokeContinue(const edit::VoxelIndex& voxel, int sliceAxis);
  void strokeEnd();
  /// Fill (Fill tool) or relabel (Relabel tool) at `voxel`.
  void applyAt(const edit::VoxelIndex& voxel, int sliceAxis);
  /// Removes islands of the active label smaller than islandMinimum().
  std::size_t removeIslands();
  /// Interpolates the active label between drawn slices normal to `sliceAxis`.
  std::size_t interpolate(int sliceAxis);
  /// Takes organ `label` from `source` (a model's suggestion) into the labels, as one step.
  void takeOrgan(const image::LabelMap& source, std::uint16_t label);
  void undo();
  void redo();
  bool canUndo() const;
  bool canRedo() const;

 signals:
  void toolChanged();
  void settingsChanged();
  /// Undo/redo availability or the modified state changed.
  void historyChanged();

 private:
  edit::BrushSettings dabSettings() const;
  void finish(const edit::LabelChange& change);

  CaseSession& session_;
  EditTool tool_ = EditTool::Navigate;
  edit::BrushSettings brush_;
  std::size_t islandMinimum_ = 50;
  std::optional<edit::VoxelIndex> lastDab_;
};

}  // namespace voxsiam::ui
