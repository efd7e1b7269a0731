#include "ui/model/SurfaceController.h"

#include "ui/model/CountText.h"

namespace voxsiam::ui {

SurfaceController::SurfaceController(CaseSession& session, SurfaceBuilder build, QObject* parent)
    : QObject(parent), session_(session), build_(std::move(build)), caption_(tr("no case open")) {
  delay_.setSingleShot(true);
  delay_.setInterval(250);
  connect(&delay_, &QTimer::timeout, this, &SurfaceController::startPending);
  connect(&session_, &CaseSession::caseLoaded, this, &SurfaceController::rebuildAll);
  connect(&session_, &CaseSession::caseClosed, this, &SurfaceController::clearAll);
  connect(&session_, &CaseSession::labelsChanged, this, &SurfaceController::scheduleRebuild);
  connect(&session_, &CaseSession::appearanceChanged, this,
          [this] { emit organVisibilityChanged(session_.appearance().visible); });
}

void SurfaceController::rebuildAll() {
  job_.discard();
  pending_.clear();
  shown_.clear();
  emit surfacesCleared();
  for (const auto& entry : session_.scheme().entries()) pending_.insert(entry.id);
  resetViewWhenDone_ = true;
  startPending();
}

void SurfaceController::clearAll() {
  job_.discard();
  delay_.stop();
  pending_.clear();
  shown_.clear();
  emit surfacesCleared();
  setCaption(tr("no case open"));
}

void SurfaceController::scheduleRebuild(const LabelsChange& change) {
  for (const std::uint16_t label : change.labels) {
    if (label != 0) pending_.insert(label);
  }
  delay_.start();
}

void SurfaceController::startPending() {
  if (job_.running() || pending_.empty() || !session_.hasCase()) return;
  if (session_.editor().strokeOpen()) {
    delay_.start();
    return;
  }
  const std::vector<std::uint16_t> labels(pending_.begin(), pending_.end());
  pending_.clear();
  setCaption(tr("building %1").arg(countText(int(labels.size()), tr("surface"), tr("surfaces"))));
  const image::LabelMap snapshot = session_.labels();
  job_.start(
      [build = build_, snapshot, labels] {
        std::vector<OrganSurface> surfaces;
        for (const std::uint16_t label : labels) {
          OrganSurface surface;
          surface.label = label;
          surface.mesh = build(snapshot, label);
          surfaces.push_back(std::move(surface));
        }
        return surfaces;
      },
      [this](TaskOutcome<std::vector<OrganSurface>> outcome) {
        if (outcome.result) return publishResults(std::move(*outcome.result));
        pending_.clear();
        setCaption(tr("cannot build the surfaces: %1").arg(outcome.error));
        emit surfacesReady();
      });
}

std::vector<OrganSurface> SurfaceController::describe(std::vector<OrganSurface> surfaces) const {
  const auto& visible = session_.appearance().visible;
  for (OrganSurface& surface : surfaces) {
    if (const auto* entry = session_.scheme().find(surface.label)) surface.color = entry->color;
    surface.visible = surface.label >= visible.size() || visible[surface.label];
  }
  return surfaces;
}

void SurfaceController::publishResults(std::vector<OrganSurface> built) {
  const std::vector<OrganSurface> surfaces = describe(std::move(built));
  for (const OrganSurface& surface : surfaces) {
    if (surface.mesh.empty()) {
      shown_.erase(surface.label);
    } else {
      shown_.insert(surface.label);
    }
  }
  emit surfacesBuilt(surfaces);
  if (resetViewWhenDone_) emit viewResetRequested();
  resetViewWhenDone_ = false;
  setCaption(countText(int(shown_.size()), tr("organ"), tr("organs")));
  if (pending_.empty() && !delay_.isActive()) {
    emit surfacesReady();
  } else {
    startPending();
  }
}

void SurfaceController::setCaption(const QString& caption) {
  caption_ = caption;
  emit captionChanged(caption_);
}

}  // namespace voxsiam::ui
