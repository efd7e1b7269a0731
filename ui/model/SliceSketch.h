#pragma once
#include <QObject>

#include <optional>
#include <vector>

#include "core/edit/EditTools.h"
#include "core/edit/effects/LevelTrace.h"
#include "core/edit/effects/Scissors.h"

namespace voxsiam::ui {

/// What a tool is drawing in one slice before it edits: the scissors' outline while the mouse is
/// dragged, or the region level tracing would fill under the mouse. The slice views draw it in
/// the view showing its slice.
class SliceSketch : public QObject {
  Q_OBJECT

 public:
  using QObject::QObject;

  /// Starts an outline at `voxel` in the slice through it normal to image axis `axis`.
  void begin(const edit::VoxelIndex& voxel, int axis);
  /// Adds `voxel` to the outline (ignored when it repeats the last point or lies in another
  /// slice).
  void extend(const edit::VoxelIndex& voxel);
  /// Shows `region` (replacing any outline).
  void showRegion(edit::SliceRegion region);
  /// Removes the outline and the region.
  void clear();

  int axis() const { return axis_; }
  std::size_t slice() const { return slice_; }
  /// The outline's points, in drawing order.
  const std::vector<edit::VoxelIndex>& points() const { return points_; }
  /// The region shown, or nullptr.
  const edit::SliceRegion* region() const { return region_ ? &*region_ : nullptr; }
  /// The outline as scissors take it.
  edit::ScissorsOutline outline() const;

 signals:
  void changed();

 private:
  int axis_ = 2;
  std::size_t slice_ = 0;
  std::vector<edit::VoxelIndex> points_;
  std::optional<edit::SliceRegion> region_;
};

}  // namespace voxsiam::ui
