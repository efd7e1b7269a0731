#include "storage/services/TrainableOrgans.h"

namespace voxsiam::storage {
namespace {

const repository::OrganReview* reviewOf(const std::vector<repository::OrganReview>& reviews,
                                        std::uint16_t organ) {
  for (const auto& review : reviews)
    if (review.organ == organ) return &review;
  return nullptr;
}

}  // namespace

std::vector<std::uint16_t> trainableOrgans(const repository::LabelVersionInfo& version,
                                           const std::vector<repository::OrganReview>& reviews,
                                           const image::LabelScheme& scheme) {
  std::vector<std::uint16_t> annotated;
  if (version.annotated) {
    annotated = *version.annotated;
  } else {
    for (const auto& entry : scheme.entries()) annotated.push_back(entry.id);
  }
  const bool wholeApproved = version.status == ReviewStatus::Approved;
  std::vector<std::uint16_t> organs;
  for (const std::uint16_t organ : annotated) {
    const auto* review = reviewOf(reviews, organ);
    const bool approved = review ? review->status == ReviewStatus::Approved : wholeApproved;
    if (approved) organs.push_back(organ);
  }
  return organs;
}

std::optional<repository::LabelVersionInfo> trainingVersion(
    repository::LabelVersionRepository& versions, long long caseId,
    const image::LabelScheme& scheme) {
  const auto history = versions.forCase(caseId);
  for (auto version = history.rbegin(); version != history.rend(); ++version) {
    if (!trainableOrgans(*version, versions.organReviews(version->id), scheme).empty())
      return *version;
  }
  return std::nullopt;
}

std::vector<bool> annotationFlags(const std::vector<std::uint16_t>& organs,
                                  const image::LabelScheme& scheme) {
  std::vector<bool> flags(std::size_t(scheme.maxId()) + 1, false);
  flags[0] = true;
  for (const std::uint16_t organ : organs)
    if (organ < flags.size()) flags[organ] = true;
  return flags;
}

}  // namespace voxsiam::storage
