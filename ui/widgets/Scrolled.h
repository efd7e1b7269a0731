#pragma once
#include <QFrame>
#include <QScrollArea>

namespace voxsiam::ui {

/// `content` in a frameless scroll area that scrolls vertically only (a side tab's page).
inline QScrollArea* scrolled(QWidget* content) {
  auto* area = new QScrollArea;
  area->setWidget(content);
  area->setWidgetResizable(true);
  area->setFrameShape(QFrame::NoFrame);
  area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  return area;
}

}  // namespace voxsiam::ui
