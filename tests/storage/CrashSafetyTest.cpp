#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "storage/ContentHash.h"
#include "storage/LabelCodec.h"
#include "storage/repository/CaseRepository.h"
#include "storage/repository/LabelVersionRepository.h"
#include "tests/storage/StorageFixtures.h"
#include "tests/support/TestData.h"

namespace voxsiam {
namespace {

/// A running storage_crash_writer with its stdout on a pipe.
struct Writer {
  pid_t pid = -1;
  int output = -1;
};

Writer startWriter(const std::string& project, std::uint64_t firstSeed) {
  int pipeEnds[2];
  if (pipe(pipeEnds) != 0) return {};
  const std::string seed = std::to_string(firstSeed);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(pipeEnds[1], STDOUT_FILENO);
    close(pipeEnds[0]);
    close(pipeEnds[1]);
    execl(VOXSIAM_CRASH_WRITER, VOXSIAM_CRASH_WRITER, project.c_str(), seed.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(pipeEnds[1]);
  return {pid, pipeEnds[0]};
}

/// Kills the writer with SIGKILL and returns the versions it reported as committed (seed -> id).
std::map<std::uint64_t, long long> killWriter(const Writer& writer) {
  kill(writer.pid, SIGKILL);
  int status = 0;
  waitpid(writer.pid, &status, 0);
  std::string text;
  char buffer[4096];
  for (ssize_t got; (got = read(writer.output, buffer, sizeof(buffer))) > 0;) {
    text.append(buffer, static_cast<std::size_t>(got));
  }
  close(writer.output);
  std::map<std::uint64_t, long long> committed;
  std::istringstream lines(text);
  std::uint64_t seed = 0;
  long long id = 0;
  while (lines >> seed >> id) committed[seed] = id;
  return committed;
}

// A process saving label versions is killed at random moments, 50 times. After each kill the
// database passes integrity_check, every version it reported as committed is there byte for byte,
// and at most the one version in flight (if its commit finished before the kill) is extra and
// then whole; nothing half-written is ever visible.
TEST(CrashSafetyTest, KilledWriterNeverLeavesHalfAVersion) {
  test::TempFolder temp;
  const std::string folder = temp.file("p");
  const auto grid = test::testGrid({80, 80, 32});
  long long caseId = 0;
  {
    storage::Project project = storage::Project::create(folder, {});
    caseId = test::addGeneratedCase(project, "crash", grid, 7);
  }
  std::mt19937 random(20261125);
  std::uniform_int_distribution<int> delayMs(30, 400);
  std::map<long long, std::uint64_t> reported;  // id -> seed
  std::map<long long, std::string> verified;    // id -> SHA-256 of its bytes, once checked
  std::uint64_t nextSeed = 0;
  std::size_t extras = 0, kills = 0;
  for (int round = 0; round < 50; ++round) {
    const Writer writer = startWriter(folder, nextSeed);
    ASSERT_GT(writer.pid, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(delayMs(random)));
    for (const auto& [seed, id] : killWriter(writer)) reported[id] = seed;
    ++kills;

    storage::Project project(folder);
    ASSERT_EQ(project.integrityCheck(), "ok") << "after kill " << kills;
    storage::repository::LabelVersionRepository versions(project.connection());
    const auto stored = versions.forCase(caseId);
    std::size_t unreported = 0;
    for (const auto& info : stored) {
      const auto bytes = versions.loadBytes(info.id);
      const std::string hash = storage::sha256Hex(bytes.data(), bytes.size());
      if (!verified.count(info.id)) {
        const std::uint64_t seed = std::stoull(info.note.substr(5));
        verified[info.id] = storage::encodeLabelMap(test::generatedLabels(grid, seed)) == bytes
                                ? hash
                                : "differs from what was written";
        if (!reported.count(info.id)) ++unreported, reported[info.id] = seed;
        nextSeed = std::max(nextSeed, seed + 1);
      }
      EXPECT_EQ(hash, verified[info.id]) << "version " << info.id << " after kill " << kills;
    }
    EXPECT_LE(unreported, 1u) << "after kill " << kills;
    extras += unreported;
    for (const auto& [id, seed] : reported) {
      EXPECT_TRUE(std::any_of(stored.begin(), stored.end(),
                              [&](const auto& info) { return info.id == id; }))
          << "committed version " << id << " (seed " << seed << ") lost after kill " << kills;
    }
    ASSERT_EQ(stored.size(), reported.size());
  }
  std::cout << kills << " kills, " << reported.size() << " versions committed, " << extras
            << " committed just before a kill\n";
  EXPECT_GT(reported.size(), 50u);
}

}  // namespace
}  // namespace voxsiam
