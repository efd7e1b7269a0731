#pragma once
#include <fstream>
#include <ostream>
#include <string>
#include <vector>

#include "core/learn/TrainingObserver.h"

namespace voxsiam::workflow {

/// Writes a run's metrics.jsonl (one JSON object per step and per epoch, flushed as it goes,
/// appended on resume) and prints progress lines: every `printEvery` steps and every epoch. A
/// resumed run repeats the epoch it was interrupted in, so the first record of a run drops the
/// records of that epoch and later ones left by the interrupted run.
class MetricsLog : public learn::TrainingObserver {
 public:
  MetricsLog(const std::string& path, std::vector<std::string> organNames, std::ostream& progress,
             int printEvery = 10);

  void onStep(const learn::StepReport& step) override;
  void onEpoch(const learn::EpochReport& epoch) override;
  void onMessage(const std::string& message) override;

 private:
  /// Rewrites the file without records of epoch `epoch` or later (when it has any).
  void dropRecordsFrom(int64_t epoch);

  std::string path_;
  bool resumeChecked_ = false;
  std::ofstream file_;
  std::vector<std::string> organs_;
  std::ostream& progress_;
  int printEvery_;
};

}  // namespace voxsiam::workflow
