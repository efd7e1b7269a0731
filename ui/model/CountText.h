#pragma once
#include <QString>

namespace voxsiam::ui {

/// A count with its noun in the right number: "1 case", "0 cases", "3 cases".
inline QString countText(int count, const QString& singular, const QString& plural) {
  return QString::number(count) + QLatin1Char(' ') + (count == 1 ? singular : plural);
}

}  // namespace voxsiam::ui
