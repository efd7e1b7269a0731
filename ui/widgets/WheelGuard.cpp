#include "ui/widgets/WheelGuard.h"

#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QEvent>
#include <QWheelEvent>

namespace voxsiam::ui {

bool WheelGuard::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() != QEvent::Wheel && event->type() != QEvent::Polish) return false;
  auto* field = qobject_cast<QWidget*>(watched);
  if (!field || !(qobject_cast<QAbstractSpinBox*>(field) || qobject_cast<QComboBox*>(field)))
    return false;
  if (event->type() == QEvent::Polish) {  // the wheel alone must not give them focus
    if ((field->focusPolicy() & Qt::WheelFocus) == Qt::WheelFocus)
      field->setFocusPolicy(Qt::StrongFocus);
    return false;
  }
  if (field->hasFocus()) return false;
  if (QWidget* around = field->parentWidget()) QApplication::sendEvent(around, event);
  return true;
}

}  // namespace voxsiam::ui
