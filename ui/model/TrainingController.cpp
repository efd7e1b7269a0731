#include "ui/model/TrainingController.h"

#include <QMetaObject>

namespace voxsiam::ui {

/// Receives the trainer's reports on the training thread, waits there while paused, and hands
/// the reports to the UI thread.
class TrainingController::Relay : public learn::TrainingObserver {
 public:
  explicit Relay(TrainingController& owner) : owner_(owner) {}

  void onStep(const learn::StepReport& step) override {
    waitWhilePaused();
    TrainingController* owner = &owner_;
    QMetaObject::invokeMethod(
        owner, [owner, step] { emit owner->stepReported(step); }, Qt::QueuedConnection);
  }
  void onEpoch(const learn::EpochReport& epoch) override {
    TrainingController* owner = &owner_;
    QMetaObject::invokeMethod(
        owner, [owner, epoch] { emit owner->epochReported(epoch); }, Qt::QueuedConnection);
  }
  void onMessage(const std::string& message) override {
    const QString text = QString::fromStdString(message);
    TrainingController* owner = &owner_;
    QMetaObject::invokeMethod(
        owner, [owner, text] { emit owner->messageReported(text); }, Qt::QueuedConnection);
  }

 private:
  void waitWhilePaused() {
    std::unique_lock<std::mutex> lock(owner_.pauseMutex_);
    owner_.pauseChanged_.wait(lock, [this] { return !owner_.paused_ || owner_.cancel_; });
  }
  TrainingController& owner_;
};

TrainingController::TrainingController(std::shared_ptr<TrainingBackend> backend, QObject* parent)
    : QObject(parent), backend_(std::move(backend)) {
  qRegisterMetaType<learn::StepReport>();
  qRegisterMetaType<learn::EpochReport>();
}

TrainingController::~TrainingController() {
  if (running_) stopForLater();
  join();
}

void TrainingController::setBackend(std::shared_ptr<TrainingBackend> backend) {
  if (running_ || predicting_) return;
  join();
  backend_ = std::move(backend);
  runId_ = 0;
  lastRunResumable_ = false;
  emit availabilityChanged();
}

void TrainingController::join() {
  if (worker_.joinable()) worker_.join();
  if (predictor_.joinable()) predictor_.join();
}

long long TrainingController::start(const TrainingRequest& request) {
  if (!backend_ || running_) return 0;
  const long long id = backend_->createRun(request);
  launch(id);
  return id;
}

void TrainingController::resume(long long runId) {
  if (!backend_ || running_) return;
  launch(runId);
}

void TrainingController::launch(long long runId) {
  if (worker_.joinable()) worker_.join();
  cancel_ = false;
  paused_ = false;
  stopForLater_ = false;
  running_ = true;
  runId_ = runId;
  emit runStarted(runId);
  worker_ = std::thread([this, runId] {
    const TrainingResult result = trainGuarded(runId);
    running_ = false;
    lastRunResumable_ =
        result.state == storage::RunState::Queued || result.state == storage::RunState::Cancelled;
    const QString state = result.state == storage::RunState::Queued
                              ? QStringLiteral("interrupted")
                              : QString::fromStdString(storage::toString(result.state));
    const QString message = QString::fromStdString(result.message);
    QMetaObject::invokeMethod(
        this, [this, state, message] { emit runFinished(state, message); }, Qt::QueuedConnection);
  });
}

TrainingResult TrainingController::trainGuarded(long long runId) {
  try {
    Relay relay(*this);
    TrainingResult result = backend_->train(runId, relay, cancel_);
    if (stopForLater_) {
      backend_->markResumable(runId);
      result.state = storage::RunState::Queued;
    }
    return result;
  } catch (const std::exception& error) {
    return {storage::RunState::Failed, std::nullopt, error.what()};
  } catch (...) {
    return {storage::RunState::Failed, std::nullopt, "training stopped by an unknown error"};
  }
}

void TrainingController::setPaused(bool paused) {
  {
    std::lock_guard<std::mutex> lock(pauseMutex_);
    paused_ = paused;
  }
  pauseChanged_.notify_all();
  emit pausedChanged(paused);
}

void TrainingController::cancel() {
  {
    std::lock_guard<std::mutex> lock(pauseMutex_);
    cancel_ = true;
  }
  pauseChanged_.notify_all();
}

void TrainingController::stopForLater() {
  if (!running_) return;
  stopForLater_ = true;
  cancel();
  if (worker_.joinable()) worker_.join();
}

void TrainingController::predict(long long modelId, const std::vector<long long>& caseIds) {
  if (!backend_ || predicting_) return;
  if (predictor_.joinable()) predictor_.join();
  predicting_ = true;
  predictor_ = std::thread([this, modelId, caseIds] {
    for (const long long caseId : caseIds) {
      long long version = 0;
      QString error;
      try {
        version = backend_->predict(modelId, caseId);
      } catch (const std::exception& failure) {
        error = QString::fromUtf8(failure.what());
      }
      QMetaObject::invokeMethod(
          this, [this, caseId, version, error] { emit casePredicted(caseId, version, error); },
          Qt::QueuedConnection);
    }
    predicting_ = false;
    QMetaObject::invokeMethod(
        this, [this] { emit predictionsDone(); }, Qt::QueuedConnection);
  });
}

}  // namespace voxsiam::ui
