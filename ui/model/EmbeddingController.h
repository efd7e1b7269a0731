#pragma once
#include <QObject>
#include <QString>

#include <array>
#include <atomic>
#include <vector>

#include "ui/model/BackgroundJob.h"
#include "ui/model/TrainingBackend.h"

namespace voxsiam::ui {

class CaseSession;
class TrainingController;

/// One embedded voxel as plotted.
struct PlotPoint {
  double x = 0, y = 0;
  long long caseId = 0;
  QString caseName;
  std::array<std::size_t, 3> voxel{};
  int organ = 0;
  int predicted = -1;
};

/// A stored embedding ready to plot, with how well it separates the organs.
struct PlotData {
  long long setId = 0;
  long long modelId = 0;
  QString title;
  std::vector<PlotPoint> points;
  double knnAccuracy = 0;  ///< 10-NN organ accuracy in the plot
  double silhouette = 0;   ///< by organ, in the plot
};

/// Computes voxel embeddings (feature extraction and t-SNE) in the background, loads stored
/// ones for plotting, and links points back to the images: showing a point opens its case at its
/// voxel, choosing points marks their voxels in the slice views.
class EmbeddingController : public QObject {
  Q_OBJECT

 public:
  EmbeddingController(CaseSession& session, TrainingController& training,
                      QObject* parent = nullptr);
  ~EmbeddingController() override;

  /// Embeds the same voxels with each model of `modelIds` (one after another, in the background);
  /// emits computed() with the stored embeddings' ids.
  void compute(const std::vector<long long>& modelIds, EmbeddingRequest request);
  bool busy() const { return job_.running(); }
  void cancel() { cancel_ = true; }
  /// A stored embedding. Throws StorageError when absent.
  PlotData load(long long setId);
  /// Opens the point's case (when another one is shown) with the crosshair on its voxel.
  void showPoint(const PlotPoint& point);
  /// Marks the voxels of the points that belong to the shown case.
  void highlight(const std::vector<PlotPoint>& points);

 signals:
  void progress(const QString& text);
  void computed(const std::vector<long long>& setIds);
  void failed(const QString& message);

 private:
  /// Embeds with each model in turn on the worker; returns the stored sets' ids.
  std::vector<long long> embedOnWorker(TrainingBackend* backend, std::vector<long long> modelIds,
                                       EmbeddingRequest request);

  CaseSession& session_;
  TrainingController& training_;
  std::atomic<bool> cancel_{false};
  BackgroundJob<std::vector<long long>> job_;  ///< last: destroyed (and waited for) first
};

}  // namespace voxsiam::ui
