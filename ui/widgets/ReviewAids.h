#pragma once

class QObject;
class QWidget;

namespace voxsiam::ui {

class CaseSession;
class MessageArea;
class UncertaintyReview;

/// The Review tab's aids beside the version box and the tools, with their view-models (owned by
/// `owner`): where the model is unsure, and the organ statistics.
struct ReviewAids {
  UncertaintyReview* uncertainty = nullptr;  ///< refresh it after predictions
  QWidget* uncertaintyBox = nullptr;
  QWidget* statisticsBox = nullptr;
};

/// Builds the aids for `session`; their messages go to `messages`.
ReviewAids buildReviewAids(CaseSession& session, MessageArea& messages, QObject* owner);

}  // namespace voxsiam::ui
