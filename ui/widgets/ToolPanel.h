#pragma once
#include <QWidget>

#include <map>
#include <string>

class QButtonGroup;
class QComboBox;
class QDoubleSpinBox;
class QSpinBox;
class QCheckBox;
class QSlider;
class QListWidget;
class QLabel;
class QStackedWidget;

namespace voxsiam::ui {

class CaseSession;
class EditController;

/// The right-hand panel: edit tools and their settings, and how slices are shown (window
/// presets, overlay opacity, which organs are visible).
class ToolPanel : public QWidget {
  Q_OBJECT

 public:
  ToolPanel(CaseSession& session, EditController& editor, QWidget* parent = nullptr);

  /// Slice axis used by "interpolate" (the axial view's normal), set by the main window.
  void setInterpolationAxis(int axis) { interpolationAxis_ = axis; }

 signals:
  /// A message for the status bar.
  void message(const QString& text);

 private:
  QWidget* buildTools();
  QWidget* buildBrush();
  QWidget* buildCleanup();
  QWidget* buildDisplay();
  /// Checks the chosen tool's button and shows its options (hidden when it has none).
  void showChosenTool();
  void fillLabels();
  void applyIntensityRange();

  CaseSession& session_;
  EditController& editor_;
  QButtonGroup* tools_ = nullptr;  ///< button ids: indices in editTools()
  QStackedWidget* options_ = nullptr;
  std::map<std::string, int> optionPages_;  ///< tool id -> page of options_
  QComboBox* label_ = nullptr;
  QDoubleSpinBox* radius_ = nullptr;
  QCheckBox* sphere_ = nullptr;
  QCheckBox* limit_ = nullptr;
  QDoubleSpinBox* minimumHu_ = nullptr;
  QDoubleSpinBox* maximumHu_ = nullptr;
  QSpinBox* islandSize_ = nullptr;
  QComboBox* preset_ = nullptr;
  QLabel* windowLevel_ = nullptr;
  QSlider* opacity_ = nullptr;
  QListWidget* organs_ = nullptr;
  int interpolationAxis_ = 2;
};

}  // namespace voxsiam::ui
