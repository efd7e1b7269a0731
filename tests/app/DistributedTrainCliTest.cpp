// Data-parallel training through `voxsiam train --nproc N` (c10d with Gloo over loopback):
// the same weights as one process with the whole batch, rank 0 alone writing, a killed rank
// ending the run with one line and a checkpoint that resumes on one process.
#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <thread>

#include "core/learn/DistributedGroup.h"
#include "core/learn/ModelArchive.h"
#include "tests/support/TestData.h"

namespace voxsiam::test {
namespace {

namespace fs = std::filesystem;

/// A tiny voxel-Siamese run (feature loss on, no dropout in the network): `epochs` of 5 steps of
/// batch `batch`, one thread per process.
nlohmann::json tinyRun(const std::string& data, int batch, int epochs) {
  auto config = nlohmann::json::parse(R"({
    "method": "voxsiam", "validation_fraction": 0.34,
    "network": {"f_maps": 4, "levels": 3},
    "preprocess": {"mode": "spacing", "spacing": [8, 8, 8]},
    "feature": {"layers": [2, 1], "layer_weights": [1, 1], "hidden": 16, "max_samples": 300,
                "max_false_negatives": 100},
    "training": {"patch": [16, 16, 16], "steps_per_epoch": 5, "threads": 1, "device": "cpu"}
  })");
  config["training"]["batch_size"] = batch;
  config["training"]["epochs"] = epochs;
  config["data"] = nlohmann::json::array({{{"folder", data}}});
  return config;
}

std::string written(const TempFolder& folder, const std::string& name, const nlohmann::json& json) {
  std::ofstream(folder.file(name)) << json.dump(2);
  return folder.file(name);
}

/// Every parameter and buffer of a model file's U-Net and feature heads, by name.
std::map<std::string, torch::Tensor> weightsOf(const std::string& model) {
  std::map<std::string, torch::Tensor> weights;
  auto [network, info] = learn::loadModel(model, torch::kCPU);
  for (const auto& item : network->named_parameters()) weights["unet." + item.key()] = item.value();
  for (const auto& projector : learn::loadProjectors(model, torch::kCPU))
    for (const auto& item : projector.head->named_parameters())
      weights["head" + std::to_string(projector.level) + "." + item.key()] = item.value();
  return weights;
}

/// Whether `name` is the bias of a head's linear layer that a BatchNorm follows: BatchNorm takes
/// it out of every output, so its gradient is zero up to rounding, which Adam turns into steps of
/// full size; such a bias differs between any two runs that round differently and means nothing.
bool cancelledByBatchNorm(const std::string& name) {
  for (const char* layer : {"projector.0.bias", "projector.3.bias", "predictor.0.bias"})
    if (name.size() > std::strlen(layer) &&
        name.compare(name.size() - std::strlen(layer), std::string::npos, layer) == 0)
      return true;
  return false;
}

/// The largest relative difference ‖a − b‖ / ‖b‖ over the tensors of two models (all but the
/// biases BatchNorm cancels).
double largestRelativeDifference(const std::string& a, const std::string& b) {
  const auto first = weightsOf(a), second = weightsOf(b);
  EXPECT_EQ(first.size(), second.size());
  double largest = 0;
  for (const auto& [name, tensor] : second) {
    if (cancelledByBatchNorm(name)) continue;
    if (!first.count(name)) {
      ADD_FAILURE() << name << " missing";
      continue;
    }
    const double norm = tensor.norm().item<double>();
    const double relative = (first.at(name) - tensor).norm().item<double>() / std::max(norm, 1e-12);
    if (std::getenv("SHOW_DIFF")) std::cerr << name << " " << relative << " norm " << norm << "\n";
    largest = std::max(largest, relative);
  }
  return largest;
}

std::size_t linesOfType(const std::string& metrics, const std::string& type) {
  std::ifstream file(metrics);
  std::size_t count = 0;
  for (std::string line; std::getline(file, line);)
    if (nlohmann::json::parse(line)["type"] == type) ++count;
  return count;
}

/// The last step line of `metrics` for (`epoch`, `step`) (a resumed run repeats an epoch), or null.
nlohmann::json stepLine(const std::string& metrics, int epoch, int step) {
  std::ifstream file(metrics);
  nlohmann::json found;
  for (std::string line; std::getline(file, line);) {
    const auto json = nlohmann::json::parse(line);
    if (json["type"] == "step" && json["epoch"] == epoch && json["step"] == step) found = json;
  }
  return found;
}

std::string readText(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

/// The process whose environment holds RANK=`rank` and whose command line names `runFolder`.
pid_t rankProcess(int rank, const std::string& runFolder) {
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string environ = readText(entry.path() / "environ"),
                command = readText(entry.path() / "cmdline");
    std::replace(environ.begin(), environ.end(), '\0', '\n');
    if (command.find(runFolder) != std::string::npos &&
        ("\n" + environ).find("\nRANK=" + std::to_string(rank) + "\n") != std::string::npos)
      return pid_t(std::stol(name));
  }
  return -1;
}

class DistributedTraining : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    folder = new TempFolder();
    ASSERT_EQ(runVoxsiam("phantom --out " + folder->file("ph") + " --cases 3 --seed 5").exitCode,
              0);
  }
  static void TearDownTestSuite() { delete folder; }
  void SetUp() override {
    if (!learn::distributedAvailable()) GTEST_FAIL() << "this LibTorch has no c10d Gloo";
  }
  static TempFolder* folder;
};
TempFolder* DistributedTraining::folder = nullptr;

TEST_F(DistributedTraining, TwoRanksOfOneSampleGiveTheWeightsOfOneProcessWithTheWholeBatch) {
  const auto config = written(*folder, "b2.json", tinyRun(folder->file("ph"), 2, 2));
  const auto single = runVoxsiam("train --config " + config + " --out " + folder->file("one"));
  ASSERT_EQ(single.exitCode, 0) << single.err;
  const auto shared =
      runVoxsiam("train --config " + config + " --out " + folder->file("two") + " --nproc 2");
  ASSERT_EQ(shared.exitCode, 0) << shared.err << shared.out;
  EXPECT_NE(shared.out.find("data-parallel training: 2 processes"), std::string::npos);
  EXPECT_EQ(linesOfType(folder->file("two/metrics.jsonl"), "step"), 10u)
      << "rank 0 alone logs the 10 steps";
  const double difference =
      largestRelativeDifference(folder->file("two/model.pt"), folder->file("one/model.pt"));
  EXPECT_LT(difference, 1e-4) << "2 ranks x batch 1 against 1 rank x batch 2 after 10 steps";

  const auto alone = written(*folder, "b1.json", tinyRun(folder->file("ph"), 1, 2));
  ASSERT_EQ(runVoxsiam("train --config " + alone + " --out " + folder->file("b1")).exitCode, 0);
  EXPECT_GT(largestRelativeDifference(folder->file("b1/model.pt"), folder->file("one/model.pt")),
            100 * std::max(difference, 1e-6))
      << "a batch of one trains visibly other weights: the comparison can fail";
}

TEST_F(DistributedTraining, OnlyRankZeroWritesFiles) {
  const auto config = written(*folder, "own.json", tinyRun(folder->file("ph"), 2, 1));
  const int port = 20000 + int(std::random_device()() % 20000);
  const std::string variables =
      "MASTER_ADDR=127.0.0.1 MASTER_PORT=" + std::to_string(port) + " WORLD_SIZE=2 ";
  // Each rank is given its own --out: rank 1's must stay absent.
  const auto ranks = runShell("cd " + shellQuoted(folder->path().string()) + " && (" + variables +
                              "RANK=1 '" VOXSIAM_CLI "' train --config " + config +
                              " --out rank1 > out1 2> err1 & " + variables +
                              "RANK=0 '" VOXSIAM_CLI "' train --config " + config +
                              " --out rank0 > out0 2> err0; wait)");
  ASSERT_EQ(ranks.exitCode, 0) << readText(folder->file("err0")) << readText(folder->file("err1"));
  for (const char* file :
       {"config.json", "split.json", "metrics.jsonl", "model.pt", "checkpoints/last.pt"})
    EXPECT_TRUE(fs::exists(folder->file("rank0/") + file)) << file;
  EXPECT_FALSE(fs::exists(folder->file("rank1"))) << "rank 1 wrote its run folder";
  EXPECT_EQ(readText(folder->file("out1")), "") << "rank 1 prints nothing";
  EXPECT_NE(readText(folder->file("out0")).find("model: rank0/model.pt"), std::string::npos);
}

TEST_F(DistributedTraining, AKilledRankEndsTheRunWithOneLineAndItsCheckpointResumesOnOneProcess) {
  const auto config = written(*folder, "long.json", tinyRun(folder->file("ph"), 2, 20));
  const std::string run = folder->file("killed");
  ProcessResult launched;
  std::chrono::steady_clock::time_point killedAt;
  std::thread training(
      [&] { launched = runVoxsiam("train --config " + config + " --out " + run + " --nproc 2"); });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  pid_t rank1 = -1;
  while (std::chrono::steady_clock::now() < deadline &&
         (rank1 < 0 || !fs::exists(run + "/checkpoints/last.pt"))) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    rank1 = rankProcess(1, run);
  }
  ASSERT_GT(rank1, 0) << "rank 1 never started";
  const auto second = runVoxsiam("train --config " + config + " --out " + run);
  EXPECT_NE(second.exitCode, 0);
  EXPECT_NE(second.err.find("is being trained by another voxsiam process now"), std::string::npos)
      << second.err << second.out;
  ASSERT_EQ(::kill(rank1, SIGKILL), 0);
  killedAt = std::chrono::steady_clock::now();
  training.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - killedAt).count();
  EXPECT_LT(seconds, 60.0) << "the run ends within the timeout";
  EXPECT_NE(launched.exitCode, 0);
  EXPECT_EQ(std::count(launched.err.begin(), launched.err.end(), '\n'), 1) << launched.err;
  EXPECT_NE(launched.err.find("rank 1 of 2 was killed by signal 9"), std::string::npos)
      << launched.err;
  EXPECT_NE(launched.err.find("resume"), std::string::npos) << launched.err;
  EXPECT_FALSE(fs::exists(run + "/model.pt"));

  const auto resumed = runVoxsiam("train --config " + config + " --out " + run);
  ASSERT_EQ(resumed.exitCode, 0) << resumed.err;
  const auto at = resumed.out.find("resumed from");
  ASSERT_NE(at, std::string::npos) << resumed.out;
  EXPECT_NE(resumed.out.find("(20 epochs)"), std::string::npos) << resumed.out;
  const int epochsDone = std::stoi(resumed.out.substr(resumed.out.find("after epoch ", at) + 12));
  // The first step after the resume has the loss the uninterrupted single process has there:
  // the checkpoint holds the weights and optimiser state of the epoch it names.
  const auto whole = runVoxsiam("train --config " + config + " --out " + folder->file("whole"));
  ASSERT_EQ(whole.exitCode, 0) << whole.err;
  const auto after = stepLine(run + "/metrics.jsonl", epochsDone, 0);
  const auto reference = stepLine(folder->file("whole/metrics.jsonl"), epochsDone, 0);
  ASSERT_FALSE(after.is_null());
  ASSERT_FALSE(reference.is_null());
  EXPECT_EQ(after["batch_hash"], reference["batch_hash"]);
  EXPECT_NEAR(after["total_loss"].get<double>(), reference["total_loss"].get<double>(), 1e-4);
  EXPECT_EQ(linesOfType(run + "/metrics.jsonl", "step"), 100u)
      << "20 epochs of 5 steps: the interrupted epoch's records are not kept twice";
  EXPECT_EQ(linesOfType(run + "/metrics.jsonl", "epoch"), 20u);
}

TEST_F(DistributedTraining, TheTimeBudgetAndAnInterruptStopEveryRankTogether) {
  const auto config = written(*folder, "budget.json", tinyRun(folder->file("ph"), 2, 100000));
  const auto budgeted = runVoxsiam("train --config " + config + " --out " + folder->file("budget") +
                                   " --nproc 2 --time-budget 3");
  ASSERT_EQ(budgeted.exitCode, 0) << budgeted.err;
  EXPECT_NE(budgeted.out.find("stopped by the time budget"), std::string::npos) << budgeted.out;
  EXPECT_TRUE(fs::exists(folder->file("budget/model.pt")));

  const std::string run = folder->file("interrupted");
  ProcessResult launched;
  std::thread training(
      [&] { launched = runVoxsiam("train --config " + config + " --out " + run + " --nproc 2"); });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline && !fs::exists(run + "/checkpoints/last.pt"))
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const pid_t rank0 = rankProcess(0, run), rank1 = rankProcess(1, run);
  ASSERT_GT(rank0, 0);
  ASSERT_GT(rank1, 0);
  ::kill(rank0, SIGINT);  // as Ctrl-C would, to each process of the group
  ::kill(rank1, SIGINT);
  training.join();
  EXPECT_EQ(launched.exitCode, 130) << launched.err;
  EXPECT_NE(launched.err.find("training interrupted; run the same command again to resume"),
            std::string::npos)
      << launched.err;
  EXPECT_EQ(rankProcess(1, run), -1) << "no rank outlives the run";
}

TEST_F(DistributedTraining, MoreProcessesThanSamplesIsRefusedInOneLine) {
  const auto config = written(*folder, "small.json", tinyRun(folder->file("ph"), 2, 1));
  const auto refused =
      runVoxsiam("train --config " + config + " --out " + folder->file("x") + " --nproc 3");
  EXPECT_EQ(refused.exitCode, 2);
  EXPECT_NE(refused.err.find("a batch of 2 samples cannot be shared by 3 processes"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << refused.err;
  EXPECT_FALSE(fs::exists(folder->file("x")));
}

}  // namespace
}  // namespace voxsiam::test
