// BackgroundJob, the one way view-models run work off the UI thread: the outcome arrives on the
// thread that owns the job, an exception thrown by the work arrives as an error text instead of
// ending the program, a replaced job's outcome is never delivered, and a long job does not hold a
// thread of Qt's shared pool.
#include <gtest/gtest.h>
#include <QCoreApplication>
#include <QThread>
#include <QThreadPool>

#include <atomic>
#include <stdexcept>

#include "tests/ui/model/WaitFor.h"
#include "ui/model/BackgroundJob.h"

namespace voxsiam::test {
namespace {

TEST(BackgroundJob, TheOutcomeArrivesOnTheOwnersThreadAfterRunningTurnedFalse) {
  ui::BackgroundJob<int> job;
  QThread* workerThread = nullptr;
  QThread* deliveredOn = nullptr;
  std::optional<int> result;
  bool runningWhenDelivered = true;
  ASSERT_TRUE(job.start(
      [&workerThread] {
        workerThread = QThread::currentThread();
        return 42;
      },
      [&](const ui::TaskOutcome<int>& outcome) {
        deliveredOn = QThread::currentThread();
        runningWhenDelivered = job.running();
        result = outcome.result;
      }));
  EXPECT_TRUE(job.running());
  EXPECT_FALSE(job.start([] { return 1; }, [](const ui::TaskOutcome<int>&) {}))
      << "one job at a time";
  ASSERT_TRUE(waitFor([&] { return result.has_value(); }));
  EXPECT_EQ(*result, 42);
  EXPECT_EQ(deliveredOn, QCoreApplication::instance()->thread());
  EXPECT_NE(workerThread, QCoreApplication::instance()->thread())
      << "the work ran on another thread";
  EXPECT_FALSE(runningWhenDelivered);
}

TEST(BackgroundJob, AnExceptionBecomesTheErrorText) {
  ui::BackgroundJob<int> job;
  QString error;
  bool delivered = false;
  job.start([]() -> int { throw std::runtime_error("project.sqlite: database is locked"); },
            [&](const ui::TaskOutcome<int>& outcome) {
              delivered = true;
              EXPECT_FALSE(outcome.result.has_value());
              error = outcome.error;
            });
  ASSERT_TRUE(waitFor([&] { return delivered; }));
  EXPECT_EQ(error, "project.sqlite: database is locked");
}

TEST(BackgroundJob, AReplacedJobsOutcomeIsNeverDelivered) {
  ui::BackgroundJob<int> job;
  std::vector<int> delivered;
  job.start([] { return 1; },
            [&](const ui::TaskOutcome<int>& o) { delivered.push_back(*o.result); });
  job.replace([] { return 2; },
              [&](const ui::TaskOutcome<int>& o) { delivered.push_back(*o.result); });
  ASSERT_TRUE(waitFor([&] { return !job.running(); }));
  QCoreApplication::processEvents();
  EXPECT_EQ(delivered, std::vector<int>{2});
}

TEST(BackgroundJob, ALongJobLeavesQtsSharedPoolFree) {
  ui::BackgroundJob<int> job;
  std::atomic<bool> release{false};
  job.start(
      [&] {
        while (!release) QThread::msleep(1);
        return 0;
      },
      [](const ui::TaskOutcome<int>&) {});
  QThreadPool::globalInstance()->setMaxThreadCount(1);
  std::atomic<bool> shortWorkRan{false};
  QThreadPool::globalInstance()->start([&] { shortWorkRan = true; });
  const bool ran = waitFor([&] { return shortWorkRan.load(); });
  release = true;
  QThreadPool::globalInstance()->setMaxThreadCount(QThread::idealThreadCount());
  EXPECT_TRUE(ran) << "the shared pool's only thread was free while the long job ran";
  ASSERT_TRUE(waitFor([&] { return !job.running(); }));
}

}  // namespace
}  // namespace voxsiam::test
