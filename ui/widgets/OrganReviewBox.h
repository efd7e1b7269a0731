#pragma once
#include <QWidget>

#include "storage/repository/ReviewStatus.h"

class QLabel;
class QPushButton;
class QTableWidget;

namespace voxsiam::ui {

class CaseSession;

/// The per-organ part of review: a row per organ of the shown version with "annotated" (a
/// checkbox: what the next saved version will say it annotates; painting an organ ticks it),
/// the organ's own review (approved or rejected, by whom and when) and whether it trains;
/// Approve organ and Reject organ act on the chosen row.
class OrganReviewBox : public QWidget {
  Q_OBJECT

 public:
  explicit OrganReviewBox(CaseSession& session, QWidget* parent = nullptr);

  /// Re-reads the organs of the shown version.
  void refresh();
  /// Selects the row of organ `organ` (for the review buttons).
  void selectOrgan(std::uint16_t organ);
  /// Approves or rejects the chosen organ (the buttons).
  void reviewSelected(storage::ReviewStatus status);

 signals:
  /// One line on what was done, for the message line.
  void message(const QString& text);
  /// An action failed: a title and the reason.
  void failed(const QString& title, const QString& reason);

 private:
  void onItemChanged(int row, int column);
  /// Approve and Reject apply to a chosen organ of a saved version without unsaved changes.
  void updateButtons();
  std::uint16_t selectedOrgan() const;

  CaseSession& session_;
  QTableWidget* table_ = nullptr;
  QPushButton* approve_ = nullptr;
  QPushButton* reject_ = nullptr;
  QLabel* summary_ = nullptr;
};

}  // namespace voxsiam::ui
