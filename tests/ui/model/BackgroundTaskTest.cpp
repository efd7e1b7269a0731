// runInBackground, the one way view-models run work off the UI thread: the result arrives on
// the owner's thread, and an exception thrown by the work arrives as an error text instead of
// ending the program.
#include <gtest/gtest.h>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

#include <stdexcept>

#include "tests/ui/model/WaitFor.h"
#include "ui/model/BackgroundTask.h"

namespace voxsiam::test {
namespace {

TEST(BackgroundTask, TheResultArrivesOnTheOwnersThread) {
  QObject owner;
  QThread* workerThread = nullptr;
  QThread* deliveredOn = nullptr;
  std::optional<int> result;
  ui::runInBackground<int>(
      &owner,
      [&workerThread] {
        workerThread = QThread::currentThread();
        return 42;
      },
      [&](const ui::TaskOutcome<int>& outcome) {
        deliveredOn = QThread::currentThread();
        result = outcome.result;
      });
  ASSERT_TRUE(waitFor([&] { return result.has_value(); }));
  EXPECT_EQ(*result, 42);
  EXPECT_EQ(deliveredOn, owner.thread());
  EXPECT_NE(workerThread, owner.thread()) << "the work ran on another thread";
}

TEST(BackgroundTask, AnExceptionBecomesTheErrorText) {
  QObject owner;
  QString error;
  bool delivered = false;
  ui::runInBackground<int>(
      &owner, []() -> int { throw std::runtime_error("project.sqlite: database is locked"); },
      [&](const ui::TaskOutcome<int>& outcome) {
        delivered = true;
        EXPECT_FALSE(outcome.result.has_value());
        error = outcome.error;
      });
  ASSERT_TRUE(waitFor([&] { return delivered; }));
  EXPECT_EQ(error, "project.sqlite: database is locked");
}

}  // namespace
}  // namespace voxsiam::test
