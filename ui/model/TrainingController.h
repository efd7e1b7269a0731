#pragma once
#include <QObject>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "ui/model/BackgroundJob.h"
#include "ui/model/TrainingBackend.h"

namespace voxsiam::ui {

/// Runs training and prediction in the background for the studio: one training run at a time on
/// its own thread, with pause (the run waits between steps), cancel, and continuing interrupted
/// runs from their checkpoint; progress arrives as signals on the UI thread.
class TrainingController : public QObject {
  Q_OBJECT

 public:
  /// `backend` may be null (then nothing can be trained).
  explicit TrainingController(std::shared_ptr<TrainingBackend> backend, QObject* parent = nullptr);
  ~TrainingController() override;

  bool available() const { return backend_ != nullptr; }
  /// Replaces the backend (another project); only while nothing runs. Emits availabilityChanged.
  void setBackend(std::shared_ptr<TrainingBackend> backend);
  TrainingBackend* backend() const { return backend_.get(); }
  /// The backend, kept alive by the caller's work even if another project replaces it.
  std::shared_ptr<TrainingBackend> sharedBackend() const { return backend_; }

  /// Starts a new run; returns its id. Throws when the run cannot be created (no case, ...).
  long long start(const TrainingRequest& request);
  /// Continues run `runId` from its last checkpoint.
  void resume(long long runId);
  bool running() const { return training_.running(); }
  long long runId() const { return runId_; }
  /// The last run ended cancelled or stopped for later: it can continue from its checkpoint.
  bool lastRunResumable() const { return lastRunResumable_; }
  void setPaused(bool paused);
  bool paused() const { return paused_; }
  /// Stops the run for good (state cancelled).
  void cancel();
  /// Stops the run so that it can be resumed on the next start (the studio is closing); waits.
  void stopForLater();

  /// Predicts `caseIds` with model `modelId` in the background, one after another.
  void predict(long long modelId, const std::vector<long long>& caseIds);
  bool predicting() const { return predicting_.running(); }

 signals:
  /// The backend was replaced: what can be trained and where may have changed.
  void availabilityChanged();
  void runStarted(long long runId);
  void stepReported(const voxsiam::learn::StepReport& step);
  void epochReported(const voxsiam::learn::EpochReport& epoch);
  void messageReported(const QString& message);
  /// A run ended: "finished", "failed", "cancelled" or "interrupted" (stopped to be resumed).
  void runFinished(const QString& state, const QString& message);
  void pausedChanged(bool paused);
  /// A run finished with model `modelId` (after runFinished).
  void modelTrained(long long modelId);
  /// One case predicted (versionId 0 and a message on failure).
  void casePredicted(long long caseId, long long versionId, const QString& error);
  void predictionsDone();

 private:
  class Relay;
  void launch(long long runId);
  /// Trains `runId` (on the worker); a run stopped for later is marked resumable there.
  TrainingResult trainOnWorker(long long runId);
  void finishRun(const TaskOutcome<TrainingResult>& outcome);
  void predictOnWorker(long long modelId, const std::vector<long long>& caseIds);

  std::shared_ptr<TrainingBackend> backend_;
  std::atomic<bool> cancel_{false};
  std::atomic<bool> paused_{false};
  std::atomic<bool> stopForLater_{false};  ///< set on the UI thread, read by the worker
  bool lastRunResumable_ = false;
  long long runId_ = 0;
  std::mutex pauseMutex_;
  std::condition_variable pauseChanged_;
  BackgroundJob<TrainingResult> training_;  ///< last: destroyed (and waited for) first
  BackgroundJob<bool> predicting_;
};

}  // namespace voxsiam::ui

Q_DECLARE_METATYPE(voxsiam::learn::StepReport)
Q_DECLARE_METATYPE(voxsiam::learn::EpochReport)
