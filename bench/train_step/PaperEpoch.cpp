#include "bench/train_step/PaperEpoch.h"

#include <torch/torch.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <numeric>

#include <unistd.h>

#include "core/learn/Trainer.h"

namespace voxsiam::bench {
namespace {

using learn::TrainingVolume;

/// A 128×128×64 volume with eight ellipsoidal organs at case-dependent places and intensities
/// that differ per organ, z-scored like the working grid.
TrainingVolume generatedVolume(int index) {
  const int64_t w = 128, h = 128, d = 64;
  torch::manual_seed(index);
  const auto z = torch::arange(d).view({-1, 1, 1}).to(torch::kFloat),
             y = torch::arange(h).view({1, -1, 1}).to(torch::kFloat),
             x = torch::arange(w).view({1, 1, -1}).to(torch::kFloat);
  auto labels = torch::zeros({d, h, w}, torch::kUInt8);
  auto image = torch::randn({d, h, w}) * 0.3;
  for (int organ = 1; organ <= 8; ++organ) {
    const double cz = 12 + (organ * 7 + index) % 40, cy = 20 + (organ * 13 + 3 * index) % 88,
                 cx = 20 + (organ * 29 + 5 * index) % 88;
    const auto inside = ((z - cz) / 8).pow(2) + ((y - cy) / 14).pow(2) + ((x - cx) / 12).pow(2) < 1;
    labels.masked_fill_(inside, organ);
    image.masked_fill_(inside, 0.2 * organ - 0.8);
  }
  image = image + torch::randn({d, h, w}) * 0.2;
  image = ((image - image.mean()) / image.std()).contiguous();
  labels = labels.contiguous();
  TrainingVolume volume;
  volume.name = "generated" + std::to_string(index);
  volume.size = {w, h, d};
  volume.image.assign(image.data_ptr<float>(), image.data_ptr<float>() + image.numel());
  volume.labels.assign(labels.data_ptr<uint8_t>(), labels.data_ptr<uint8_t>() + labels.numel());
  return volume;
}

/// Collects the step and epoch times the Trainer reports.
class TimingObserver : public learn::TrainingObserver {
 public:
  void onStep(const learn::StepReport& step) override { stepSeconds.push_back(step.seconds); }
  void onEpoch(const learn::EpochReport& epoch) override { epochSeconds = epoch.seconds; }
  void onMessage(const std::string& message) override { std::cout << "  " << message << "\n"; }

  std::vector<double> stepSeconds;
  double epochSeconds = 0;
};

learn::TrainingConfig paperConfig(const PaperEpochSetup& setup) {
  learn::TrainingConfig config;
  config.network = {1, 9, setup.fMaps, 4};
  config.method = "voxsiam";
  config.patches = false;
  config.batchSize = 4;
  config.epochs = 1;
  config.learningRate = 1e-3;
  config.bf16 = setup.bf16;
  config.device = setup.device;
  return config;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0 : values[values.size() / 2];
}

void printEpoch(const PaperEpochSetup& setup, const TimingObserver& observer) {
  const auto& seconds = observer.stepSeconds;
  const double steps = std::accumulate(seconds.begin(), seconds.end(), 0.0);
  std::cout << std::fixed << std::setprecision(3) << "paper-preset epoch on " << setup.device
            << (setup.bf16 ? " (bf16)" : " (fp32)") << ": " << setup.trainingVolumes
            << " volumes 128x128x64, f_maps " << setup.fMaps << ", batch 4, " << seconds.size()
            << " steps: epoch " << observer.epochSeconds << " s (steps " << steps
            << " s, validation of " << setup.validationVolumes << " volumes "
            << observer.epochSeconds - steps << " s); step median " << median(seconds)
            << " s, first " << (seconds.empty() ? 0.0 : seconds.front()) << " s, slowest "
            << (seconds.empty() ? 0.0 : *std::max_element(seconds.begin(), seconds.end())) << " s"
            << std::endl;
}

}  // namespace

void timePaperEpoch(const PaperEpochSetup& setup) {
  std::vector<TrainingVolume> training, validation;
  for (int index = 0; index < setup.trainingVolumes; ++index)
    training.push_back(generatedVolume(index));
  for (int index = 0; index < setup.validationVolumes; ++index)
    validation.push_back(generatedVolume(1000 + index));
  // A fresh folder per run; it is left behind because std::filesystem::remove_all, linked
  // against the libstdc++ of a pip-installed LibTorch, crashed on the GPU machine.
  const auto runDir =
      std::filesystem::temp_directory_path() /
      ("voxsiam_paper_epoch_" + std::to_string(::getpid()) + (setup.bf16 ? "_bf16" : "_fp32"));
  learn::Trainer trainer(paperConfig(setup), runDir.string(), "{}", "{}");
  TimingObserver observer;
  std::atomic<bool> cancel{false};
  if (setup.device == "cuda") torch::cuda::synchronize();
  trainer.train(training, validation, observer, cancel);
  printEpoch(setup, observer);
}

}  // namespace voxsiam::bench
