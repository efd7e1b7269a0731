#pragma once
#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

#include <set>
#include <vector>

#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

#include "ui/model/CaseSession.h"

namespace voxsiam::ui {

class SurfaceView;

/// Keeps the 3-D view's organ surfaces in step with the labels: builds them all on a worker
/// thread when a case opens, and after edits rebuilds only the organs that changed (shortly after
/// the last change, so a brush stroke does not rebuild on every dab).
class SurfaceController : public QObject {
  Q_OBJECT

 public:
  SurfaceController(CaseSession& session, SurfaceView& view, QObject* parent = nullptr);
  ~SurfaceController() override;

  /// True while surfaces are being built or waiting to be.
  bool busy() const { return building_ || !pending_.empty() || delay_.isActive(); }

 signals:
  /// Surfaces of the current labels are all shown.
  void surfacesReady();

 private:
  /// One built organ surface.
  struct Surface {
    std::uint16_t label;
    vtkSmartPointer<vtkPolyData> mesh;
  };
  void rebuildAll();
  void clearAll();
  void scheduleRebuild(const LabelsChange& change);
  void startPending();
  void showResults();

  CaseSession& session_;
  SurfaceView& view_;
  std::set<std::uint16_t> pending_;
  QTimer delay_;
  QFutureWatcher<std::vector<Surface>> watcher_;
  bool resetViewWhenDone_ = false;
  bool building_ = false;  ///< from a build's start until its surfaces are shown
};

}  // namespace voxsiam::ui
