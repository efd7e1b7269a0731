// The training controller against a scripted backend, without a window: a run that throws on
// its worker thread ends as "failed" with the reason (it used to end the program), and a run
// stopped for later is marked resumable and reported "interrupted".
#include <gtest/gtest.h>
#include <QCoreApplication>
#include <QElapsedTimer>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "ui/model/TrainingController.h"

namespace voxsiam::test {
namespace {

/// A backend whose train() throws, or runs until it is cancelled.
class ScriptedBackend : public ui::TrainingBackend {
 public:
  explicit ScriptedBackend(bool throws) : throws_(throws) {}
  long long createRun(const ui::TrainingRequest&) override { return 7; }
  ui::TrainingResult train(long long, learn::TrainingObserver&,
                           const std::atomic<bool>& cancel) override {
    started = true;
    if (throws_) throw std::runtime_error("the GPU went away");
    while (!cancel) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    return {storage::RunState::Cancelled, std::nullopt, ""};
  }
  long long predict(long long, long long) override { return 0; }
  long long embed(const ui::EmbeddingRequest&, const std::function<void(const std::string&)>&,
                  const std::atomic<bool>&) override {
    return 0;
  }
  std::string device() override { return "cpu"; }
  std::vector<ui::NamedChoice> methods() override { return {{"dice", "Dice only"}}; }
  std::vector<ui::NamedChoice> presets() override { return {{"smoke", "smoke test"}}; }
  std::vector<long long> resumableRuns() override { return {}; }
  void markResumable(long long runId) override { markedResumable = runId; }

  std::atomic<bool> started{false};
  std::atomic<long long> markedResumable{0};

 private:
  bool throws_;
};

/// Processes events until `done` or 10 s have passed.
template <typename Condition>
bool waitFor(Condition done) {
  QElapsedTimer clock;
  clock.start();
  while (!done() && clock.elapsed() < 10000) QCoreApplication::processEvents();
  return done();
}

TEST(TrainingController, AnExceptionOnTheWorkerEndsTheRunAsFailedWithItsReason) {
  auto backend = std::make_shared<ScriptedBackend>(true);
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
  auto backend = std::make_shared<ScriptedBackend>(false);
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
