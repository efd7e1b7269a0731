#pragma once
#include <QObject>
#include <QString>
#include <QTimer>

#include <array>
#include <functional>
#include <set>
#include <vector>

#include "core/image/SurfaceMesh.h"
#include "ui/model/BackgroundJob.h"
#include "ui/model/CaseSession.h"

namespace voxsiam::ui {

/// One built organ surface, ready for a 3-D view.
struct OrganSurface {
  std::uint16_t label = 0;
  image::SurfaceMesh mesh;  ///< empty: the organ has no voxel (remove it from the view)
  std::array<std::uint8_t, 3> color{200, 200, 200};
  bool visible = true;
};

/// Builds the surface of one organ of a label map; called on a worker thread.
using SurfaceBuilder = std::function<image::SurfaceMesh(const image::LabelMap&, std::uint16_t)>;

/// Keeps the organ surfaces in step with the labels: builds them all on a worker thread when a
/// case opens, and after edits rebuilds only the organs that changed (shortly after the last
/// change, so a brush stroke does not rebuild on every dab). It knows no view: it emits the built
/// meshes, and a 3-D view shows what it is told.
class SurfaceController : public QObject {
  Q_OBJECT

 public:
  SurfaceController(CaseSession& session, SurfaceBuilder build, QObject* parent = nullptr);

  /// True while surfaces are being built or waiting to be.
  bool busy() const { return job_.running() || !pending_.empty() || delay_.isActive(); }
  /// Number of organs that have a surface.
  std::size_t organCount() const { return shown_.size(); }
  /// What the 3-D view says about its content ("8 organs", "building 2 surfaces").
  const QString& caption() const { return caption_; }

 signals:
  /// Every surface is gone (a case closed or another opened).
  void surfacesCleared();
  /// These organs' surfaces are new or replaced (an empty mesh removes one).
  void surfacesBuilt(const std::vector<voxsiam::ui::OrganSurface>& surfaces);
  /// Organ `label` is shown or hidden, indexed by label id.
  void organVisibilityChanged(const std::vector<bool>& visible);
  /// The camera should look at all surfaces afresh (after a case opened).
  void viewResetRequested();
  /// caption() changed.
  void captionChanged(const QString& caption);
  /// Surfaces of the current labels are all built.
  void surfacesReady();

 private:
  void rebuildAll();
  void clearAll();
  void scheduleRebuild(const LabelsChange& change);
  void startPending();
  void publishResults(std::vector<OrganSurface> surfaces);
  void setCaption(const QString& caption);
  std::vector<OrganSurface> describe(std::vector<OrganSurface> surfaces) const;

  CaseSession& session_;
  SurfaceBuilder build_;
  std::set<std::uint16_t> pending_;
  std::set<std::uint16_t> shown_;
  QTimer delay_;
  QString caption_;
  bool resetViewWhenDone_ = false;
  BackgroundJob<std::vector<OrganSurface>> job_;  ///< last: destroyed (and waited for) first
};

}  // namespace voxsiam::ui
