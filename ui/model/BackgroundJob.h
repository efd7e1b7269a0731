#pragma once
#include <QObject>
#include <QString>

#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "ui/model/Mailbox.h"

namespace voxsiam::ui {

/// What a background job produced: its result, or the reason it failed.
template <typename Result>
struct TaskOutcome {
  std::optional<Result> result;
  QString error;
};

/// The one way the view-models run work off the UI thread. A job slot of a controller: one job at
/// a time on a thread of its own (never a thread of Qt's shared pool, which case loading and
/// surfaces need while a training run takes hours). Every exception of the work becomes
/// TaskOutcome::error. Progress (post()) and the outcome reach the owner's thread in the order
/// they were sent; when `done` runs, running() has just turned false (so `done` may start the
/// next job), and the owner's state changes on its own thread only. Hand-overs go through
/// std::thread and a mutex-guarded Mailbox, which ThreadSanitizer can see. Destroying the slot
/// waits for the work (declare it after what the work uses).
template <typename Result>
class BackgroundJob {
 public:
  using Done = std::function<void(TaskOutcome<Result>)>;

  /// The outcome and progress arrive on the thread that constructs the slot (its owner's).
  BackgroundJob() = default;
  ~BackgroundJob() { wait(); }
  BackgroundJob(const BackgroundJob&) = delete;
  BackgroundJob& operator=(const BackgroundJob&) = delete;

  /// True from start() until the outcome is delivered.
  bool running() const { return running_; }
  /// Starts `work` (a callable returning Result); ignored (returns false) while a job runs.
  template <typename Work>
  bool start(Work work, Done done) {
    if (running_) return false;
    wait();
    running_ = true;
    done_ = std::move(done);
    worker_ = std::thread([this, work = std::move(work)]() mutable {
      TaskOutcome<Result> outcome = guarded(work);
      {
        std::lock_guard<std::mutex> lock(mutex_);
        outcome_ = std::move(outcome);
      }
      mailbox_.post([this] { deliver(); });
    });
    return true;
  }
  /// Starts `work` in place of the running job, whose work is waited for and whose outcome is
  /// dropped (the newest request wins: another case chosen while one loads).
  template <typename Work>
  void replace(Work work, Done done) {
    discard();
    start(std::move(work), std::move(done));
  }
  /// Waits for the running work and drops its outcome and its undelivered progress.
  void discard() {
    wait();
    mailbox_.clear();
    std::lock_guard<std::mutex> lock(mutex_);
    outcome_.reset();
    done_ = nullptr;
    running_ = false;
  }
  /// Blocks until the work has returned (its outcome is still delivered by the event loop).
  void wait() {
    if (worker_.joinable()) worker_.join();
  }
  /// Runs `report` on the owner's thread, after what was posted before. Safe from the work.
  void post(std::function<void()> report) { mailbox_.post(std::move(report)); }

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
    std::optional<TaskOutcome<Result>> outcome;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      outcome.swap(outcome_);
    }
    if (!outcome || !done_) return;  // discarded
    wait();
    Done done = std::move(done_);
    done_ = nullptr;
    running_ = false;
    done(std::move(*outcome));
  }

  Mailbox mailbox_;
  std::mutex mutex_;
  std::optional<TaskOutcome<Result>> outcome_;  ///< guarded by mutex_
  Done done_;
  bool running_ = false;
  std::thread worker_;
};

}  // namespace voxsiam::ui
