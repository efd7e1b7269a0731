#pragma once
#include <QStyledItemDelegate>

namespace voxsiam::ui {

/// Draws the case browser's review-status column in the status colour (approved green, in
/// review amber, rejected red, draft blue, unlabelled grey).
class CaseStatusDelegate : public QStyledItemDelegate {
  Q_OBJECT

 public:
  explicit CaseStatusDelegate(QObject* parent = nullptr);

 protected:
  void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;
};

}  // namespace voxsiam::ui
