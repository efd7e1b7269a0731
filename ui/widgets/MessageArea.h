#pragma once
#include <QLabel>
#include <QStringList>

namespace voxsiam::ui {

/// The studio's message line: the outcome of the last action ("Removed 120 voxels", "Saved label
/// version 12", training news, errors) with its time, kept apart from the voxel readout so that
/// neither hides the other. The tooltip lists the recent messages.
class MessageArea : public QLabel {
  Q_OBJECT

 public:
  explicit MessageArea(QWidget* parent = nullptr);

  /// The messages shown so far, oldest first (at most 50).
  const QStringList& history() const { return history_; }

 public slots:
  /// Shows `text` as the latest message.
  void showMessage(const QString& text);
  /// Shows `text` as an error (in red).
  void showError(const QString& text);

 private:
  void push(const QString& text, bool error);

  QStringList history_;
};

}  // namespace voxsiam::ui
