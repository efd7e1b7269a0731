// The training controller against a scripted backend, without a window: a run that throws on
// its worker thread ends as "failed" with the reason (it used to end the program), and a run
// stopped for later is marked resumable and reported "interrupted".
#include <gtest/gtest.h>
#include <QCoreApplication>
#include <QElapsedTimer>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "tests/ui/FakeTrainingBackend.h"
#include "tests/ui/model/WaitFor.h"
#include "ui/model/TrainingController.h"

namespace voxsiam::test {
namespace {

TEST(TrainingController, AnExceptionOnTheWorkerEndsTheRunAsFailedWithItsReason) {
  auto backend = std::make_shared<FakeTrainingBackend>(FakeTrainingBackend::Train::Throws);
  ui::TrainingController controller(backend);
  QString state, message;
  QObject::connect(&controller, &ui::TrainingController::runFinished,
                   [&](const QString& s, const QString& m) { state = s, message = m; });
  EXPECT_EQ(controller.start({}), 7);
  ASSERT_TRUE(waitFor([&] { return !state.isEmpty(); }));
  EXPECT_EQ(state, "failed");
  EXPECT_EQ(message, "the GPU went away");
  EXPECT_FALSE(controller.running());
}

TEST(TrainingController, StoppingForLaterMarksTheRunResumable) {
  auto backend =
      std::make_shared<FakeTrainingBackend>(FakeTrainingBackend::Train::RunsUntilCancelled);
  ui::TrainingController controller(backend);
  QString state;
  QObject::connect(&controller, &ui::TrainingController::runFinished,
                   [&](const QString& s, const QString&) { state = s; });
  controller.start({});
  ASSERT_TRUE(waitFor([&] { return backend->started.load(); }));
  controller.stopForLater();
  EXPECT_EQ(backend->markedResumable, 7);
  ASSERT_TRUE(waitFor([&] { return !state.isEmpty(); }));
  EXPECT_EQ(state, "interrupted");
}

}  // namespace
}  // namespace voxsiam::test
