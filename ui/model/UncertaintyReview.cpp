#include "ui/model/UncertaintyReview.h"

#include <algorithm>

#include "ui/model/CaseSession.h"

namespace voxsiam::ui {

UncertaintyReview::UncertaintyReview(CaseSession& session, QObject* parent)
    : QObject(parent), session_(session) {
  connect(&session_, &CaseSession::caseLoading, this, [this] { clear(); });
  connect(&session_, &CaseSession::caseClosed, this, [this] { clear(); });
  connect(&session_, &CaseSession::caseLoaded, this, &UncertaintyReview::refresh);
}

void UncertaintyReview::clear() {
  draftVersionId_ = 0;
  source_.clear();
  map_.reset();
  regions_.clear();
  emit changed();
}

void UncertaintyReview::refresh() {
  if (session_.hasCase() && map_) {
    const auto draft = session_.modelSuggestion();
    if (draft && draft->id == draftVersionId_) {  // same draft (e.g. after a save): keep checks
      session_.setUncertainty(shown_ ? map_ : std::nullopt);
      return;
    }
  }
  draftVersionId_ = 0;
  source_.clear();
  map_.reset();
  regions_.clear();
  if (session_.hasCase()) {
    try {
      const auto draft = session_.modelSuggestion();
      if (draft) map_ = session_.versionUncertainty(draft->id);
      if (map_) {
        draftVersionId_ = draft->id;
        source_ = tr("version %1, prediction of model %2")
                      .arg(session_.versionNumber(draft->id))
                      .arg(draft->modelId.value_or(0));
      }
    } catch (const std::exception& error) {
      map_.reset();
      emit failed(tr("Cannot read the uncertainty: %1").arg(QString::fromUtf8(error.what())));
    }
  }
  listRegions();
  session_.setUncertainty(shown_ && map_ ? map_ : std::nullopt);
  emit changed();
}

void UncertaintyReview::listRegions() {
  regions_.clear();
  if (!map_) return;
  std::optional<image::LabelMap> draft;
  try {
    draft = session_.versionLabels(draftVersionId_);
  } catch (const std::exception&) {
    draft.reset();  // the organ names are a convenience; the regions stand without them
  }
  // Doubt about the air around the body is no region to check.
  image::Volume inBody = *map_;
  const auto& ct = session_.caseData().image;
  for (std::size_t index = 0; index < inBody.voxelCount(); ++index)
    if (ct[index] < kAirHu) inBody[index] = 0;
  for (const auto& region : image::uncertainRegions(inBody, float(threshold_), kMinVoxels)) {
    RegionToCheck entry{region, {}, false};
    if (draft) {
      const auto& at = region.peak;
      const std::uint16_t label = (*draft)[draft->geometry().linearIndex(at[0], at[1], at[2])];
      const auto* organ = session_.scheme().find(label);
      entry.organ = label == 0 ? tr("background")
                    : organ    ? QString::fromStdString(organ->name)
                               : QString::number(label);
    }
    regions_.push_back(entry);
  }
}

void UncertaintyReview::setShown(bool shown) {
  shown_ = shown;
  session_.setUncertainty(shown_ && map_ ? map_ : std::nullopt);
  emit changed();
}

void UncertaintyReview::setThreshold(double threshold) {
  threshold_ = std::clamp(threshold, 0.01, 1.0);
  listRegions();
  emit changed();
}

int UncertaintyReview::remaining() const {
  return int(std::count_if(regions_.begin(), regions_.end(),
                           [](const RegionToCheck& entry) { return !entry.checked; }));
}

void UncertaintyReview::jumpTo(int index) {
  if (index < 0 || index >= int(regions_.size())) return;
  regions_[std::size_t(index)].checked = true;
  session_.setCursor(regions_[std::size_t(index)].region.peak);
  emit changed();
}

std::optional<int> UncertaintyReview::nextUnchecked() const {
  for (std::size_t index = 0; index < regions_.size(); ++index)
    if (!regions_[index].checked) return int(index);
  return std::nullopt;
}

}  // namespace voxsiam::ui
