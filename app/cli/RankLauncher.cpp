#include "app/cli/RankLauncher.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "app/cli/UsageError.h"
#include "app/workflow/FreePort.h"
#include "core/learn/DistributedGroup.h"

namespace voxsiam::cli {
namespace {

namespace fs = std::filesystem;

volatile sig_atomic_t forwardedSignal = 0;

void rememberSignal(int signal) {
  forwardedSignal = signal;
}

/// One started rank: its process, where its error output goes and how it ended.
struct RankProcess {
  int rank = 0;
  pid_t pid = -1;
  std::string errorFile;
  bool running = true;
  bool killedByLauncher = false;
  int status = 0;
};

std::string variableOr(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

[[noreturn]] void becomeRank(const std::vector<std::string>& command, const RankProcess& rank,
                             const std::vector<std::pair<std::string, std::string>>& variables) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // a launcher killed outright takes its ranks with it
  if (::getppid() == 1) ::_exit(1);    // it died before the line above
  for (const auto& [name, value] : variables) ::setenv(name.c_str(), value.c_str(), 1);
  const int errorFd = ::open(rank.errorFile.c_str(), O_WRONLY | O_TRUNC);
  if (errorFd >= 0) ::dup2(errorFd, STDERR_FILENO);
  if (rank.rank != 0) {
    const int nullFd = ::open("/dev/null", O_WRONLY);
    if (nullFd >= 0) ::dup2(nullFd, STDOUT_FILENO);
  }
  std::vector<char*> argv;
  for (const auto& word : command) argv.push_back(const_cast<char*>(word.c_str()));
  argv.push_back(nullptr);
  ::execv(argv[0], argv.data());
  std::fprintf(stderr, "voxsiam: cannot start rank %d: %s\n", rank.rank, std::strerror(errno));
  ::_exit(127);
}

std::string temporaryErrorFile() {
  std::string pattern = (fs::temp_directory_path() / "voxsiam-rank-XXXXXX").string();
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0)
    throw std::runtime_error("cannot create a temporary file in " +
                             fs::temp_directory_path().string());
  ::close(fd);
  return pattern;
}

std::string lastLine(const std::string& path) {
  std::ifstream file(path);
  std::string line, last;
  while (std::getline(file, line))
    if (!line.empty()) last = line;
  if (last.rfind("voxsiam: ", 0) == 0) last = last.substr(9);
  return last;
}

/// The exit code of a rank stopped by an interrupt (SIGINT or SIGTERM).
bool interruptedCode(int code) {
  return code == 128 + SIGINT || code == 128 + SIGTERM;
}

bool failed(const RankProcess& rank) {
  return !WIFEXITED(rank.status) || WEXITSTATUS(rank.status) != 0;
}

/// How `rank` ended, in words.
std::string endOf(const RankProcess& rank, int worldSize, const std::string& runFolder) {
  const std::string who = "rank " + std::to_string(rank.rank) + " of " + std::to_string(worldSize);
  if (WIFSIGNALED(rank.status))
    return who + " was killed by signal " + std::to_string(WTERMSIG(rank.status)) + " (" +
           strsignal(WTERMSIG(rank.status)) + ")";
  std::string message = lastLine(rank.errorFile);
  if (message.rfind(runFolder + ": ", 0) == 0) message = message.substr(runFolder.size() + 2);
  const std::string hint = "; run the same command again to resume from the last checkpoint";
  if (message.size() >= hint.size() &&
      message.compare(message.size() - hint.size(), hint.size(), hint) == 0)
    message.resize(message.size() - hint.size());
  if (message.rfind("rank ", 0) == 0) return message;
  return who + " failed" + (message.empty() ? "" : ": " + message);
}

/// Waits for the ranks: passes interrupts on; after the first failure the others have
/// `grace` to end by themselves before they are killed. Returns the ranks in the order they ended.
std::vector<RankProcess> waitForRanks(std::vector<RankProcess> ranks, std::chrono::seconds grace) {
  std::vector<RankProcess> ended;
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  while (ended.size() < ranks.size()) {
    if (forwardedSignal != 0) {
      for (const auto& rank : ranks)
        if (rank.running) ::kill(rank.pid, forwardedSignal);
      forwardedSignal = 0;
    }
    if (std::chrono::steady_clock::now() > deadline)
      for (auto& rank : ranks)
        if (rank.running && !rank.killedByLauncher) {
          ::kill(rank.pid, SIGKILL);
          rank.killedByLauncher = true;
        }
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, WNOHANG);
    if (pid <= 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    for (auto& rank : ranks) {
      if (rank.pid != pid) continue;
      rank.running = false;
      rank.status = status;
      ended.push_back(rank);
      if (failed(rank) && deadline == std::chrono::steady_clock::time_point::max())
        deadline = std::chrono::steady_clock::now() + grace;
    }
  }
  return ended;
}

/// Starts this machine's ranks of `plan` running `command`, with torchrun's variables.
std::vector<RankProcess> startRanks(const RankPlan& plan, const std::vector<std::string>& command,
                                    const std::string& address, const std::string& port) {
  std::vector<RankProcess> ranks;
  for (int local = 0; local < plan.processes; ++local) {
    RankProcess rank;
    rank.rank = plan.machineIndex * plan.processes + local;
    rank.errorFile = temporaryErrorFile();
    const std::vector<std::pair<std::string, std::string>> variables{
        {"MASTER_ADDR", address},
        {"MASTER_PORT", port},
        {"RANK", std::to_string(rank.rank)},
        {"WORLD_SIZE", std::to_string(plan.processes * plan.machines)},
        {"LOCAL_RANK", std::to_string(local)},
        {"LOCAL_WORLD_SIZE", std::to_string(plan.processes)}};
    rank.pid = ::fork();
    if (rank.pid == 0) becomeRank(command, rank, variables);
    if (rank.pid < 0)
      throw std::runtime_error("cannot start a training process: " +
                               std::string(std::strerror(errno)));
    ranks.push_back(rank);
  }
  return ranks;
}

/// Says how the ranks ended (`ended`: in the order they did) and returns the exit code: rank 0's
/// own messages after a normal end or an interrupt, else one line naming the first failure.
int reportEnd(const RankPlan& plan, const std::vector<RankProcess>& ended, std::ostream& err) {
  int code = 0;
  std::string cause;
  for (const auto& rank : ended) {
    if (!failed(rank) || !cause.empty()) continue;
    cause = endOf(rank, plan.processes * plan.machines, plan.runFolder);
    code = WIFEXITED(rank.status) ? WEXITSTATUS(rank.status) : 1;
  }
  for (const auto& rank : ended)
    if (rank.killedByLauncher)
      cause += "; rank " + std::to_string(rank.rank) + " no longer answered and was stopped";
  for (const auto& rank : ended) {
    if (rank.rank == plan.machineIndex * plan.processes && (code == 0 || interruptedCode(code))) {
      std::ifstream file(rank.errorFile);
      const std::string text{std::istreambuf_iterator<char>(file), {}};
      err << text;
    }
    std::error_code ignored;
    fs::remove(rank.errorFile, ignored);
  }
  if (code == 0 || interruptedCode(code)) return code;
  std::error_code ignored;
  const bool resumable = fs::exists(fs::path(plan.runFolder) / "checkpoints" / "last.pt", ignored);
  err << "voxsiam: data-parallel training stopped: " << cause
      << (resumable ? "; run the same command again to resume from the last checkpoint" : "")
      << "\n";
  return code;
}

}  // namespace

int launchRanks(const RankPlan& plan, const std::vector<std::string>& trainArgs, std::ostream& out,
                std::ostream& err) {
  const std::string address = variableOr("MASTER_ADDR", "127.0.0.1");
  const std::string port = variableOr("MASTER_PORT", std::to_string(workflow::freeTcpPort()));
  char* end = nullptr;
  const long portNumber = std::strtol(port.c_str(), &end, 10);
  if (*end != '\0' || portNumber < 1 || portNumber > 65535)
    throw UsageError("environment: MASTER_PORT='" + port + "' is not a port number (1..65535)");
  std::vector<std::string> command{fs::read_symlink("/proc/self/exe").string(), "train"};
  command.insert(command.end(), trainArgs.begin(), trainArgs.end());
  out << "data-parallel training: " << plan.processes * plan.machines << " processes ("
      << plan.processes << " on this machine), rendezvous at " << address << ":" << port << "\n"
      << std::flush;
  struct sigaction action {};
  action.sa_handler = rememberSignal;
  struct sigaction oldInterrupt {};
  struct sigaction oldTerminate {};
  ::sigaction(SIGINT, &action, &oldInterrupt);
  ::sigaction(SIGTERM, &action, &oldTerminate);
  const auto ended =
      waitForRanks(startRanks(plan, command, address, port), std::chrono::seconds(10));
  ::sigaction(SIGINT, &oldInterrupt, nullptr);
  ::sigaction(SIGTERM, &oldTerminate, nullptr);
  return reportEnd(plan, ended, err);
}

}  // namespace voxsiam::cli
