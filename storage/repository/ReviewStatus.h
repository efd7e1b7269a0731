#pragma once
#include <string>

namespace voxsiam::storage {

/// Review state of a label version: draft -> in_review -> approved | rejected. A reviewer can
/// send an in-review version back to draft, reopen an approved one for review, and a rejected one
/// can be reworked as a draft.
enum class ReviewStatus { Draft, InReview, Approved, Rejected };

/// Where a label version came from.
enum class LabelSource { Manual, Import, Model };

/// "draft", "in_review", "approved", "rejected".
std::string toString(ReviewStatus status);
/// "manual", "import", "model".
std::string toString(LabelSource source);
/// Parses toString's form (also "in-review"). Throws std::invalid_argument listing the allowed
/// values.
ReviewStatus parseReviewStatus(const std::string& text);
/// Parses toString's form. Throws std::invalid_argument.
LabelSource parseLabelSource(const std::string& text);
/// Whether a version may go from `from` to `to`.
bool transitionAllowed(ReviewStatus from, ReviewStatus to);

}  // namespace voxsiam::storage
