#include "app/studio/HelperRanks.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <thread>

#include "app/studio/ProjectTrainingBackend.h"
#include "core/learn/DistributedGroup.h"

namespace voxsiam::studio {
namespace {

std::atomic<bool> stopRequested{false};

void onStop(int) {
  stopRequested.store(true);
}

[[noreturn]] void becomeHelper(const std::string& program, const std::string& projectFolder,
                               long long runId, const learn::DistributedSettings& settings,
                               int rank) {
  const std::pair<const char*, std::string> variables[] = {
      {"MASTER_ADDR", settings.masterAddress},
      {"MASTER_PORT", std::to_string(settings.masterPort)},
      {"RANK", std::to_string(rank)},
      {"WORLD_SIZE", std::to_string(settings.worldSize)},
      {"LOCAL_RANK", std::to_string(rank)},
      {"LOCAL_WORLD_SIZE", std::to_string(settings.worldSize)}};
  for (const auto& [name, value] : variables) ::setenv(name, value.c_str(), 1);
  const std::string run = std::to_string(runId);
  ::execl(program.c_str(), program.c_str(), "--train-rank", projectFolder.c_str(), run.c_str(),
          static_cast<char*>(nullptr));
  std::fprintf(stderr, "voxsiam-studio: cannot start training rank %d: %s\n", rank,
               std::strerror(errno));
  ::_exit(127);
}

}  // namespace

HelperRanks::HelperRanks(const std::string& program, const std::string& projectFolder,
                         long long runId, const learn::DistributedSettings& settings) {
  for (int rank = 1; rank < settings.worldSize; ++rank) {
    const pid_t process = ::fork();
    if (process == 0) becomeHelper(program, projectFolder, runId, settings, rank);
    if (process < 0)
      throw std::runtime_error("cannot start training rank " + std::to_string(rank) + ": " +
                               std::strerror(errno));
    processes_.push_back(process);
  }
}

HelperRanks::~HelperRanks() {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (const pid_t process : processes_) {
    int status = 0;
    while (::waitpid(process, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(process, SIGKILL);
        ::waitpid(process, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
}

int runHelperRank(const std::string& projectFolder, const std::string& runId) {
  std::signal(SIGTERM, onStop);
  std::signal(SIGINT, onStop);
  try {
    ProjectTrainingBackend(projectFolder).trainAsHelperRank(std::stoll(runId), stopRequested);
    return 0;
  } catch (const std::exception& error) {
    std::string text = error.what();
    std::replace(text.begin(), text.end(), '\n', ' ');
    std::cerr << "voxsiam-studio: training rank of run " << runId << " in " << projectFolder << ": "
              << text << "\n";
    return 1;
  }
}

}  // namespace voxsiam::studio
