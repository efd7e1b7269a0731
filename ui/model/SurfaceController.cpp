#include "ui/model/SurfaceController.h"

#include <QtConcurrent/QtConcurrent>

#include "render/SurfaceExtractor.h"
#include "ui/model/CountText.h"
#include "ui/widgets/SurfaceView.h"

namespace voxsiam::ui {

SurfaceController::SurfaceController(CaseSession& session, SurfaceView& view, QObject* parent)
    : QObject(parent), session_(session), view_(view) {
  delay_.setSingleShot(true);
  delay_.setInterval(250);
  connect(&delay_, &QTimer::timeout, this, &SurfaceController::startPending);
  connect(&session_, &CaseSession::caseLoaded, this, &SurfaceController::rebuildAll);
  connect(&session_, &CaseSession::caseClosed, this, &SurfaceController::clearAll);
  connect(&session_, &CaseSession::labelsChanged, this, &SurfaceController::scheduleRebuild);
  connect(&session_, &CaseSession::appearanceChanged, this, [this] {
    const auto& visible = session_.appearance().visible;
    for (std::size_t label = 1; label < visible.size(); ++label) {
      view_.scene().setOrganVisible(std::uint16_t(label), visible[label]);
    }
    view_.requestRender();
  });
  connect(&watcher_, &QFutureWatcher<std::vector<Surface>>::finished, this,
          &SurfaceController::showResults);
}

SurfaceController::~SurfaceController() {
  watcher_.waitForFinished();
}

void SurfaceController::rebuildAll() {
  watcher_.waitForFinished();
  building_ = false;
  view_.scene().clear();
  pending_.clear();
  for (const auto& entry : session_.scheme().entries()) pending_.insert(entry.id);
  resetViewWhenDone_ = true;
  startPending();
}

void SurfaceController::clearAll() {
  watcher_.waitForFinished();
  building_ = false;
  delay_.stop();
  pending_.clear();
  view_.scene().clear();
  view_.setCaption(tr("no case open"));
  view_.requestRender();
}

void SurfaceController::scheduleRebuild(const LabelsChange& change) {
  for (const std::uint16_t label : change.labels) {
    if (label != 0) pending_.insert(label);
  }
  delay_.start();
}

void SurfaceController::startPending() {
  if (building_ || pending_.empty() || !session_.hasCase()) return;
  if (session_.editor().strokeOpen()) {
    delay_.start();
    return;
  }
  const std::vector<std::uint16_t> labels(pending_.begin(), pending_.end());
  pending_.clear();
  view_.setCaption(
      tr("building %1").arg(countText(int(labels.size()), tr("surface"), tr("surfaces"))));
  const image::LabelMap snapshot = session_.labels();
  building_ = true;
  watcher_.setFuture(QtConcurrent::run([snapshot, labels]() {
    std::vector<Surface> surfaces;
    for (const std::uint16_t label : labels) {
      surfaces.push_back({label, render::extractOrganSurface(snapshot, label)});
    }
    return surfaces;
  }));
}

void SurfaceController::showResults() {
  if (!building_ || !watcher_.isFinished()) return;  // a signal from a superseded build
  building_ = false;
  const auto& visible = session_.appearance().visible;
  for (const Surface& surface : watcher_.result()) {
    const auto* entry = session_.scheme().find(surface.label);
    view_.scene().setOrgan(surface.label, surface.mesh,
                           entry ? entry->color : std::array<std::uint8_t, 3>{200, 200, 200});
    if (surface.label < visible.size()) {
      view_.scene().setOrganVisible(surface.label, visible[surface.label]);
    }
  }
  if (resetViewWhenDone_) view_.scene().resetView();
  resetViewWhenDone_ = false;
  view_.setCaption(countText(int(view_.scene().organCount()), tr("organ"), tr("organs")));
  view_.requestRender();
  if (pending_.empty() && !delay_.isActive()) {
    emit surfacesReady();
  } else {
    startPending();
  }
}

}  // namespace voxsiam::ui
