#pragma once
#include <QObject>
#include <QStringList>

namespace voxsiam::ui {

/// Accepts files and folders dragged onto the widget it filters and hands their local paths on
/// (the case list takes dropped scans and datasets for import).
class FileDropFilter : public QObject {
  Q_OBJECT

 public:
  /// Filters `target`'s events and lets it accept drops; owned by `target`.
  explicit FileDropFilter(QWidget* target);

 signals:
  /// Local files or folders were dropped.
  void dropped(const QStringList& paths);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;
};

}  // namespace voxsiam::ui
