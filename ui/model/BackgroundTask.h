#pragma once
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QtConcurrent/QtConcurrent>

#include <exception>
#include <functional>
#include <optional>
#include <utility>

namespace voxsiam::ui {

/// What a background task produced: its result, or the reason it failed.
template <typename Result>
struct TaskOutcome {
  std::optional<Result> result;
  QString error;
};

/// Runs `work` on a thread of Qt's pool and hands the outcome to `done` on `owner`'s thread
/// (through a QFutureWatcher owned by `owner`). An exception thrown by `work` never leaves the
/// worker: it becomes TaskOutcome::error. The view-models' background jobs start here.
template <typename Result, typename Work>
void runInBackground(QObject* owner, Work work,
                     std::function<void(const TaskOutcome<Result>&)> done) {
  auto* watcher = new QFutureWatcher<TaskOutcome<Result>>(owner);
  QObject::connect(watcher, &QFutureWatcher<TaskOutcome<Result>>::finished, owner,
                   [watcher, done = std::move(done)] {
                     done(watcher->result());
                     watcher->deleteLater();
                   });
  watcher->setFuture(QtConcurrent::run([work = std::move(work)]() -> TaskOutcome<Result> {
    try {
      return {work(), {}};
    } catch (const std::exception& error) {
      return {std::nullopt, QString::fromUtf8(error.what())};
    } catch (...) {
      return {std::nullopt, QStringLiteral("unknown error")};
    }
  }));
}

}  // namespace voxsiam::ui
