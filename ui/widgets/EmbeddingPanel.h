#pragma once
#include <QWidget>

#include <array>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace voxsiam::ui {

class CaseSession;
class EmbeddingController;
class ScatterPlotWidget;

/// The feature-space explorer: voxels of the approved cases embedded with one or two models
/// (side by side, same voxels), coloured by organ, case, right/wrong or model; clicking a point
/// moves the slice views to its voxel, a lasso (right drag) marks the chosen voxels in the views;
/// PNG and SVG export; computation in the background with progress and cancel.
class EmbeddingPanel : public QWidget {
  Q_OBJECT

 public:
  EmbeddingPanel(CaseSession& session, EmbeddingController& embeddings, QWidget* parent = nullptr);

  /// Re-reads the models of the project.
  void refreshModels();
  /// The two plots (the second is empty with one model).
  ScatterPlotWidget& plot(int index) { return *plots_[std::size_t(index)]; }
  /// Starts embedding with the chosen models (as the Compute button does).
  void compute();

 signals:
  void message(const QString& text);

 private:
  QWidget* buildControls();
  void showSets(const std::vector<long long>& ids);
  void applyColoring();

  CaseSession& session_;
  EmbeddingController& embeddings_;
  QComboBox* modelA_ = nullptr;
  QComboBox* modelB_ = nullptr;
  QComboBox* layer_ = nullptr;
  QSpinBox* perClass_ = nullptr;
  QCheckBox* wrongOnly_ = nullptr;
  QComboBox* coloring_ = nullptr;
  QPushButton* computeButton_ = nullptr;
  QPushButton* cancelButton_ = nullptr;
  QLabel* status_ = nullptr;
  std::array<ScatterPlotWidget*, 2> plots_{};
};

}  // namespace voxsiam::ui
