#include "ui/model/OrganStates.h"

#include <algorithm>

#include "storage/repository/LabelVersionRepository.h"
#include "storage/services/TrainableOrgans.h"
#include "ui/model/CaseSession.h"

namespace voxsiam::ui {
namespace {

bool contains(const std::vector<std::uint16_t>& organs, std::uint16_t organ) {
  return std::find(organs.begin(), organs.end(), organ) != organs.end();
}

}  // namespace

std::vector<OrganState> organStates(CaseSession& session) {
  if (!session.hasCase()) return {};
  const auto& scheme = session.scheme();
  const auto& version = session.caseData().version;
  std::vector<storage::repository::OrganReview> reviews;
  std::vector<std::uint16_t> trainable;
  if (version) {
    storage::repository::LabelVersionRepository versions(session.project().connection());
    reviews = versions.organReviews(version->id);
    trainable = storage::trainableOrgans(*version, reviews, scheme);
  }
  std::vector<OrganState> states;
  for (const auto& entry : scheme.entries()) {
    OrganState state;
    state.organ = entry.id;
    state.name = QString::fromStdString(entry.name);
    state.annotated = !version || !version->annotated || contains(*version->annotated, entry.id);
    state.annotateNext = session.annotatedForSave().count(entry.id) > 0;
    state.trains = contains(trainable, entry.id);
    for (const auto& review : reviews) {
      if (review.organ != entry.id) continue;
      state.review = QString::fromStdString(storage::toString(review.status));
      state.reviewer = QString::fromStdString(review.author);
      state.reviewedAt = QString::fromStdString(review.at).left(16).replace('T', ' ');
    }
    states.push_back(state);
  }
  return states;
}

}  // namespace voxsiam::ui
