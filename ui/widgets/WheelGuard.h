#pragma once
#include <QObject>

namespace voxsiam::ui {

/// Keeps the mouse wheel from changing number fields and lists it merely passes over: over a
/// spin box or combo box without keyboard focus, the wheel scrolls the panel around it instead
/// (scrolling the tool panel once turned the brush radius from 5 mm into 0.5 mm unnoticed).
/// Install it on the application; clicking a field gives it focus, and then the wheel edits it.
class WheelGuard : public QObject {
  Q_OBJECT

 public:
  using QObject::QObject;

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;
};

}  // namespace voxsiam::ui
