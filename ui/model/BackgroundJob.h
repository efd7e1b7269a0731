#pragma once
#include <QFutureWatcher>
#include <QMetaObject>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrent>

#include <exception>
#include <functional>
#include <optional>
#include <utility>

namespace voxsiam::ui {

/// What a background job produced: its result, or the reason it failed.
template <typename Result>
struct TaskOutcome {
  std::optional<Result> result;
  QString error;
};

/// Runs `report` on `owner`'s thread (later, from its event loop): how a job's work hands
/// progress to the view-model while it runs. Safe to call from any thread.
inline void postTo(QObject* owner, std::function<void()> report) {
  QMetaObject::invokeMethod(owner, std::move(report), Qt::QueuedConnection);
}

/// The one way the view-models run work off the UI thread. A job slot of a controller: one job at
/// a time, on a thread of the slot's own (a one-thread pool, so a training run of hours never
/// holds a thread of Qt's shared pool that case loading and surfaces need). Every exception of
/// the work becomes TaskOutcome::error; the outcome reaches `done` on the owner's thread, where
/// running() has just turned false (so `done` may start the next job): the owner's state changes
/// on its own thread only. Destroying the slot waits for the work (declare it after what the work
/// uses).
template <typename Result>
class BackgroundJob {
 public:
  explicit BackgroundJob(QObject* owner) : owner_(owner) {
    pool_.setMaxThreadCount(1);
    QObject::connect(&watcher_, &QFutureWatcher<TaskOutcome<Result>>::finished, owner_,
                     [this] { deliver(); });
  }
  ~BackgroundJob() { wait(); }
  BackgroundJob(const BackgroundJob&) = delete;
  BackgroundJob& operator=(const BackgroundJob&) = delete;

  /// True from start() until the outcome is delivered.
  bool running() const { return running_; }
  /// Starts `work`; ignored (returns false) while a job runs.
  template <typename Work>
  bool start(Work work, std::function<void(TaskOutcome<Result>)> done) {
    if (running_) return false;
    running_ = true;
    started_ = true;
    done_ = std::move(done);
    watcher_.setFuture(
        QtConcurrent::run(&pool_, [work = std::move(work)]() mutable { return guarded(work); }));
    return true;
  }
  /// Starts `work` in place of the running job, whose work is waited for and whose outcome is
  /// dropped (the newest request wins: another case chosen while one loads).
  template <typename Work>
  void replace(Work work, std::function<void(TaskOutcome<Result>)> done) {
    discard();
    start(std::move(work), std::move(done));
  }
  /// Waits for the running work and drops its outcome: nothing is delivered.
  void discard() {
    wait();
    done_ = nullptr;
    running_ = false;
  }
  /// Blocks until the work has returned (its outcome is still delivered by the event loop).
  void wait() {
    if (started_) watcher_.waitForFinished();  // a watcher without a future would wait forever
  }

 private:
  template <typename Work>
  static TaskOutcome<Result> guarded(Work& work) {
    try {
      return {work(), {}};
    } catch (const std::exception& error) {
      return {std::nullopt, QString::fromUtf8(error.what())};
    } catch (...) {
      return {std::nullopt, QStringLiteral("unknown error")};
    }
  }
  void deliver() {
    if (!done_) return;  // discarded
    TaskOutcome<Result> outcome = watcher_.result();
    auto done = std::move(done_);
    done_ = nullptr;
    running_ = false;
    done(std::move(outcome));
  }

  QObject* owner_;
  QThreadPool pool_;
  QFutureWatcher<TaskOutcome<Result>> watcher_;
  std::function<void(TaskOutcome<Result>)> done_;
  bool running_ = false;
  bool started_ = false;
};

}  // namespace voxsiam::ui
