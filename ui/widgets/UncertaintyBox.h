#pragma once
#include <QGroupBox>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QPushButton;

namespace voxsiam::ui {

class UncertaintyReview;

/// "Where the model is unsure": shows the uncertainty of the case's newest model draft over the
/// slices, and lists its regions to check, largest first; a click jumps to a region (marking it
/// checked) and the box counts what is left.
class UncertaintyBox : public QGroupBox {
  Q_OBJECT

 public:
  explicit UncertaintyBox(UncertaintyReview& review, QWidget* parent = nullptr);

 private:
  void refresh();

  UncertaintyReview& review_;
  QLabel* source_ = nullptr;
  QCheckBox* show_ = nullptr;
  QDoubleSpinBox* threshold_ = nullptr;
  QListWidget* regions_ = nullptr;
  QLabel* left_ = nullptr;
  QPushButton* next_ = nullptr;
};

}  // namespace voxsiam::ui
