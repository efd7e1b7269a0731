#pragma once
#include <QGroupBox>

#include <functional>
#include <utility>
#include <vector>

class QComboBox;
class QLabel;
class QPushButton;

namespace voxsiam::ui {

class CaseSession;
class OrganReviewBox;

/// The "Label version" box of the review tab: which version of the open case is shown (author,
/// time, status, source, unsaved changes), a picker of every version, saving the labels as a new
/// version, the review buttons (submit, approve with a note, reject) and the per-organ review
/// (OrganReviewBox).
class VersionBox : public QGroupBox {
  Q_OBJECT

 public:
  explicit VersionBox(CaseSession& session, QWidget* parent = nullptr);

  /// Asked before another version replaces unsaved labels; false keeps them (set by the window).
  void setDiscardCheck(std::function<bool()> check);
  /// When false, Approve does not ask for confirmation and a note (tests).
  void setConfirmApprovals(bool confirm) { confirmApprovals_ = confirm; }
  /// Re-reads the versions, the shown version's description and which buttons apply.
  void refresh();
  /// Saves the labels as a new version of the case (Ctrl+S).
  void save();

 signals:
  /// One line on what was done, for the message line.
  void message(const QString& text);
  /// An action failed: a title and the reason.
  void failed(const QString& title, const QString& reason);

 private:
  void fillVersionPicker();
  void onVersionPicked(int index);
  void updateReviewButtons();
  void review(int status);
  bool confirmApproval(QString& note);

  CaseSession& session_;
  std::function<bool()> discardCheck_ = [] { return true; };
  bool confirmApprovals_ = true;
  QLabel* versionInfo_ = nullptr;
  QComboBox* versionPicker_ = nullptr;
  QPushButton* saveButton_ = nullptr;
  std::vector<std::pair<QPushButton*, int>> reviewButtons_;
  OrganReviewBox* organs_ = nullptr;
};

}  // namespace voxsiam::ui
