#pragma once
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "ui/model/TrainingBackend.h"

namespace voxsiam::test {

/// A training backend that trains nothing: train() finishes at once, throws, or runs until it is
/// cancelled; the studio and the controllers only need one to exist or to behave so.
class FakeTrainingBackend : public ui::TrainingBackend {
 public:
  enum class Train { Finishes, Throws, RunsUntilCancelled };
  explicit FakeTrainingBackend(Train train = Train::Finishes) : train_(train) {}

  long long createRun(const ui::TrainingRequest&) override { return 7; }
  ui::TrainingResult train(long long, learn::TrainingObserver&,
                           const std::atomic<bool>& cancel) override {
    started = true;
    if (train_ == Train::Throws) throw std::runtime_error("the GPU went away");
    while (train_ == Train::RunsUntilCancelled && !cancel)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    return {train_ == Train::Finishes ? storage::RunState::Finished : storage::RunState::Cancelled,
            std::nullopt, ""};
  }
  long long predict(long long, long long) override { return 0; }
  ui::ModelSegmentation segmentCase(long long, long long) override {
    throw std::runtime_error("the fake backend segments nothing");
  }
  long long embed(const ui::EmbeddingRequest&, const std::function<void(const std::string&)>&,
                  const std::atomic<bool>&) override {
    return 0;
  }
  ui::GateReport compareModels(long long a, long long b, const std::atomic<bool>&) override {
    ui::GateReport report = gate;
    report.activeModel = a;
    report.newModel = b;
    return report;
  }
  std::vector<ui::LabelSuggestion> suggestCases(long long, std::size_t,
                                                const std::function<void(const std::string&)>&,
                                                const std::atomic<bool>&) override {
    return {};
  }
  std::string device() override { return "cpu"; }
  std::vector<ui::NamedChoice> methods() override { return {{"dice", "Dice only"}}; }
  std::vector<ui::NamedChoice> presets() override { return {{"smoke", "smoke test"}}; }
  std::vector<long long> resumableRuns() override { return {}; }
  void markResumable(long long runId) override { markedResumable = runId; }

  std::atomic<bool> started{false};
  std::atomic<long long> markedResumable{0};
  ui::GateReport gate;  ///< what compareModels answers (with the two ids filled in)

 private:
  Train train_;
};

}  // namespace voxsiam::test
