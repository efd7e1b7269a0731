#pragma once
#include <QObject>

#include <deque>
#include <functional>
#include <mutex>

namespace voxsiam::ui {

/// Hands calls from worker threads to the thread this object lives in: post() queues a call (from
/// any thread), the event loop then runs the queued calls in order. The queue is guarded by a
/// std::mutex, so ThreadSanitizer sees every hand-over (Qt's own queue is not instrumented).
class Mailbox : public QObject {
  Q_OBJECT

 public:
  explicit Mailbox(QObject* parent = nullptr);

  /// Queues `call` to run on this object's thread. Safe from any thread.
  void post(std::function<void()> call);
  /// Drops the calls not yet run.
  void clear();

 private:
  Q_INVOKABLE void drain();

  std::mutex mutex_;
  std::deque<std::function<void()>> calls_;
};

}  // namespace voxsiam::ui
