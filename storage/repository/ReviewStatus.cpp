#include "storage/repository/ReviewStatus.h"

#include <stdexcept>

namespace voxsiam::storage {

std::string toString(ReviewStatus status) {
  switch (status) {
    case ReviewStatus::Draft:
      return "draft";
    case ReviewStatus::InReview:
      return "in_review";
    case ReviewStatus::Approved:
      return "approved";
    case ReviewStatus::Rejected:
      return "rejected";
  }
  return "draft";
}

std::string toString(LabelSource source) {
  switch (source) {
    case LabelSource::Manual:
      return "manual";
    case LabelSource::Import:
      return "import";
    case LabelSource::Model:
      return "model";
  }
  return "manual";
}

ReviewStatus parseReviewStatus(const std::string& text) {
  if (text == "draft") return ReviewStatus::Draft;
  if (text == "in_review" || text == "in-review") return ReviewStatus::InReview;
  if (text == "approved") return ReviewStatus::Approved;
  if (text == "rejected") return ReviewStatus::Rejected;
  throw std::invalid_argument("unknown review status '" + text +
                              "' (allowed: draft, in_review, approved, rejected)");
}

LabelSource parseLabelSource(const std::string& text) {
  if (text == "manual") return LabelSource::Manual;
  if (text == "import") return LabelSource::Import;
  if (text == "model") return LabelSource::Model;
  throw std::invalid_argument("unknown label source '" + text +
                              "' (allowed: manual, import, model)");
}

bool transitionAllowed(ReviewStatus from, ReviewStatus to) {
  using S = ReviewStatus;
  switch (from) {
    case S::Draft:
      return to == S::InReview || to == S::Approved || to == S::Rejected;
    case S::InReview:
      return to == S::Approved || to == S::Rejected || to == S::Draft;
    case S::Approved:
      return to == S::InReview;
    case S::Rejected:
      return to == S::Draft || to == S::InReview;
  }
  return false;
}

}  // namespace voxsiam::storage
