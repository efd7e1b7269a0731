#include "ui/widgets/CaseStatusDelegate.h"

#include <QColor>

#include "ui/model/CaseTableModel.h"

namespace voxsiam::ui {
namespace {

QColor statusColor(const QString& status) {
  if (status == "approved") return QColor(70, 170, 90);
  if (status == "in_review") return QColor(220, 160, 40);
  if (status == "rejected") return QColor(210, 70, 70);
  if (status == "draft") return QColor(90, 140, 220);
  return QColor(140, 140, 140);
}

}  // namespace

CaseStatusDelegate::CaseStatusDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

void CaseStatusDelegate::initStyleOption(QStyleOptionViewItem* option,
                                         const QModelIndex& index) const {
  QStyledItemDelegate::initStyleOption(option, index);
  const QColor color = statusColor(index.data(CaseTableModel::kStatusRole).toString());
  option->palette.setColor(QPalette::Text, color);
  option->palette.setColor(QPalette::HighlightedText, color.lighter(140));
}

}  // namespace voxsiam::ui
