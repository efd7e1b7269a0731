#include "ui/widgets/MessageArea.h"

#include <QTime>

namespace voxsiam::ui {

MessageArea::MessageArea(QWidget* parent) : QLabel(parent) {
  setObjectName("messageArea");
  setTextFormat(Qt::PlainText);
  setMinimumWidth(200);
  setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
}

void MessageArea::showMessage(const QString& text) {
  push(text, false);
}

void MessageArea::showError(const QString& text) {
  push(text, true);
}

void MessageArea::push(const QString& text, bool error) {
  if (text.isEmpty()) return;
  const QString line = QTime::currentTime().toString("HH:mm:ss") + "  " + text;
  history_.append(line);
  while (history_.size() > 50) history_.removeFirst();
  setStyleSheet(error ? "color: #c02020" : "");
  setText(line);
  setToolTip(history_.mid(std::max<qsizetype>(0, history_.size() - 15)).join('\n'));
}

}  // namespace voxsiam::ui
