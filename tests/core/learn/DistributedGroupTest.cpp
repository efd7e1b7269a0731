// Data-parallel groups over loopback: c10d's TCPStore rendezvous and Gloo all-reduce between
// real processes, and a rank that dies ends the others with a one-line error.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "core/learn/DistributedGroup.h"

namespace voxsiam::learn {
namespace {

namespace fs = std::filesystem;

std::string readText(const fs::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

/// Runs two workers (ranks 0 and 1) with `argument`; returns their stdout and stderr and the
/// seconds both took.
struct Ranks {
  std::string out[2], err[2];
  double seconds = 0;
};

Ranks runTwoRanks(const std::string& argument) {
  const fs::path folder =
      fs::temp_directory_path() / ("voxsiam-ddp-" + std::to_string(std::random_device()()));
  fs::create_directories(folder);
  const int port = 20000 + int(std::random_device()() % 20000);
  std::string command = "cd '" + folder.string() + "' || exit 1; ";
  for (int rank = 0; rank < 2; ++rank)
    command += "MASTER_ADDR=127.0.0.1 MASTER_PORT=" + std::to_string(port) +
               " WORLD_SIZE=2 RANK=" + std::to_string(rank) + " " VOXSIAM_DISTRIBUTED_WORKER " " +
               argument + " > out" + std::to_string(rank) + " 2> err" + std::to_string(rank) +
               " & ";
  command += "wait";
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(std::system(command.c_str()), 0);
  Ranks ranks;
  ranks.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (int rank = 0; rank < 2; ++rank) {
    ranks.out[rank] = readText(folder / ("out" + std::to_string(rank)));
    ranks.err[rank] = readText(folder / ("err" + std::to_string(rank)));
  }
  fs::remove_all(folder);
  return ranks;
}

TEST(DistributedGroup, TwoProcessesSumTensorsInBuckets) {
  if (!distributedAvailable()) GTEST_FAIL() << "this LibTorch has no c10d Gloo";
  const Ranks ranks = runTwoRanks("sum");
  for (int rank = 0; rank < 2; ++rank)
    EXPECT_EQ(ranks.out[rank], "sums 3 30 18\n") << "rank " << rank << ": " << ranks.err[rank];
}

TEST(DistributedGroup, ARankKilledAfterJoiningEndsTheOtherWithOneLine) {
  if (!distributedAvailable()) GTEST_FAIL() << "this LibTorch has no c10d Gloo";
  const Ranks ranks = runTwoRanks("die");
  EXPECT_EQ(ranks.out[0], "") << "rank 0 cannot finish the sum";
  EXPECT_NE(ranks.err[0].find("rank 0 of 2: lost the other ranks"), std::string::npos)
      << ranks.err[0];
  EXPECT_EQ(std::count(ranks.err[0].begin(), ranks.err[0].end(), '\n'), 1) << ranks.err[0];
  EXPECT_LT(ranks.seconds, 60.0) << "no hang: the run ends within the timeout";
}

TEST(DistributedGroup, SettingsComeFromTorchrunsVariables) {
  setenv("MASTER_ADDR", "10.0.0.7", 1);
  setenv("MASTER_PORT", "29600", 1);
  setenv("WORLD_SIZE", "4", 1);
  setenv("RANK", "3", 1);
  const auto settings = DistributedSettings::fromEnvironment();
  EXPECT_EQ(settings.masterAddress, "10.0.0.7");
  EXPECT_EQ(settings.masterPort, 29600);
  EXPECT_EQ(settings.worldSize, 4);
  EXPECT_EQ(settings.rank, 3);
  EXPECT_EQ(settings.localRank, 3);
  EXPECT_TRUE(settings.distributed());
  setenv("RANK", "4", 1);
  EXPECT_THROW(DistributedSettings::fromEnvironment(), std::invalid_argument) << "rank >= size";
  for (const char* name : {"MASTER_ADDR", "MASTER_PORT", "WORLD_SIZE", "RANK"}) unsetenv(name);
  EXPECT_FALSE(DistributedSettings::fromEnvironment().distributed());
}

}  // namespace
}  // namespace voxsiam::learn
