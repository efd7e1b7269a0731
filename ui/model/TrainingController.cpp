#include "ui/model/TrainingController.h"

namespace voxsiam::ui {

/// Receives the trainer's reports on the training thread, waits there while paused, and hands
/// the reports to the UI thread.
class TrainingController::Relay : public learn::TrainingObserver {
 public:
  explicit Relay(TrainingController& owner) : owner_(owner) {}

  void onStep(const learn::StepReport& step) override {
    waitWhilePaused();
    TrainingController* owner = &owner_;
    owner->training_.post([owner, step] { emit owner->stepReported(step); });
  }
  void onEpoch(const learn::EpochReport& epoch) override {
    TrainingController* owner = &owner_;
    owner->training_.post([owner, epoch] { emit owner->epochReported(epoch); });
  }
  void onMessage(const std::string& message) override {
    const QString text = QString::fromStdString(message);
    TrainingController* owner = &owner_;
    owner->training_.post([owner, text] { emit owner->messageReported(text); });
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
  if (running()) stopForLater();
  predicting_.wait();
}

void TrainingController::setBackend(std::shared_ptr<TrainingBackend> backend) {
  if (running() || predicting()) return;
  backend_ = std::move(backend);
  runId_ = 0;
  lastRunResumable_ = false;
  emit availabilityChanged();
}

long long TrainingController::start(const TrainingRequest& request) {
  if (!backend_ || running()) return 0;
  const long long id = backend_->createRun(request);
  launch(id);
  return id;
}

void TrainingController::resume(long long runId) {
  if (!backend_ || running()) return;
  launch(runId);
}

void TrainingController::launch(long long runId) {
  cancel_ = false;
  paused_ = false;
  stopForLater_ = false;
  runId_ = runId;
  training_.start([this, runId] { return trainOnWorker(runId); },
                  [this](const TaskOutcome<TrainingResult>& outcome) { finishRun(outcome); });
  emit runStarted(runId);
}

TrainingResult TrainingController::trainOnWorker(long long runId) {
  Relay relay(*this);
  TrainingResult result = backend_->train(runId, relay, cancel_);
  if (stopForLater_) {
    backend_->markResumable(runId);
    result.state = storage::RunState::Queued;
  }
  return result;
}

void TrainingController::finishRun(const TaskOutcome<TrainingResult>& outcome) {
  const TrainingResult result = outcome.result.value_or(
      TrainingResult{storage::RunState::Failed, std::nullopt, outcome.error.toStdString()});
  lastRunResumable_ =
      result.state == storage::RunState::Queued || result.state == storage::RunState::Cancelled;
  const QString state = result.state == storage::RunState::Queued
                            ? QStringLiteral("interrupted")
                            : QString::fromStdString(storage::toString(result.state));
  emit runFinished(state, QString::fromStdString(result.message));
  if (result.state == storage::RunState::Finished && result.modelId)
    emit modelTrained(*result.modelId);
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
  if (!running()) return;
  stopForLater_ = true;
  cancel();
  training_.wait();
}

void TrainingController::predict(long long modelId, const std::vector<long long>& caseIds) {
  if (!backend_) return;
  predicting_.start(
      [this, modelId, caseIds] {
        predictOnWorker(modelId, caseIds);
        return true;
      },
      [this](const TaskOutcome<bool>&) { emit predictionsDone(); });
}

void TrainingController::predictOnWorker(long long modelId, const std::vector<long long>& caseIds) {
  for (const long long caseId : caseIds) {
    long long version = 0;
    QString error;
    try {
      version = backend_->predict(modelId, caseId);
    } catch (const std::exception& failure) {
      error = QString::fromUtf8(failure.what());
    }
    predicting_.post(
        [this, caseId, version, error] { emit casePredicted(caseId, version, error); });
  }
}

}  // namespace voxsiam::ui
