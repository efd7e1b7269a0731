#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "storage/repository/CaseRepository.h"
#include "storage/repository/LabelVersionRepository.h"
#include "tests/storage/StorageFixtures.h"
#include "tests/support/TestData.h"

namespace voxsiam {
namespace {

// One writer (as training or an import would) and several readers (as the studio's views) on
// their own connections at the same time: no "database is locked", and readers see whole versions.
TEST(ConcurrencyTest, OneWriterAndSeveralReadersNeverFailWithLocked) {
  test::TempFolder temp;
  const auto grid = test::testGrid({64, 64, 24});
  storage::Project project = storage::Project::create(temp.path() / "p", {});
  const long long caseId = test::addGeneratedCase(project, "c1", grid, 1);
  const long long schemeId = project.schemeId();
  constexpr int kVersions = 60;
  std::atomic<bool> writing{true};
  std::atomic<int> readerErrors{0}, readsDone{0}, wrongContents{0};
  std::string firstError;
  std::mutex errorMutex;

  std::thread writer([&] {
    auto connection = project.connect();
    storage::repository::LabelVersionRepository versions(*connection);
    for (int seed = 0; seed < kVersions; ++seed) {
      const auto version = test::manualVersion(caseId, schemeId, std::to_string(seed));
      versions.save(version, test::generatedLabels(grid, static_cast<std::uint64_t>(seed)));
    }
    writing = false;
  });
  std::vector<std::thread> readers;
  for (int reader = 0; reader < 3; ++reader) {
    readers.emplace_back([&] {
      try {
        auto connection = project.connect();
        storage::repository::CaseRepository cases(*connection);
        storage::repository::LabelVersionRepository versions(*connection);
        while (writing) {
          const auto list = cases.list();
          if (list.front().latestVersionId) {
            const auto info = versions.info(*list.front().latestVersionId);
            const auto seed = std::stoull(info.note);
            if (versions.load(info.id).voxels() != test::generatedLabels(grid, seed).voxels()) {
              ++wrongContents;
            }
          }
          ++readsDone;
        }
      } catch (const std::exception& error) {
        std::lock_guard<std::mutex> lock(errorMutex);
        firstError = error.what();
        ++readerErrors;
      }
    });
  }
  writer.join();
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(readerErrors, 0) << firstError;
  EXPECT_EQ(wrongContents, 0);
  EXPECT_GT(readsDone, 10);
  EXPECT_EQ(
      storage::repository::LabelVersionRepository(project.connection()).forCase(caseId).size(),
      static_cast<std::size_t>(kVersions));
}

// Two writers (an import and a training run) take turns without failing.
TEST(ConcurrencyTest, TwoWritersTakeTurns) {
  test::TempFolder temp;
  const auto grid = test::testGrid({32, 32, 8});
  storage::Project project = storage::Project::create(temp.path() / "p", {});
  const long long caseId = test::addGeneratedCase(project, "c1", grid, 1);
  const long long schemeId = project.schemeId();
  std::atomic<int> failures{0};
  auto write = [&](int offset) {
    try {
      auto connection = project.connect();
      storage::repository::LabelVersionRepository versions(*connection);
      for (int seed = 0; seed < 40; ++seed) {
        const auto version = test::manualVersion(caseId, schemeId);
        versions.save(version,
                      test::generatedLabels(grid, static_cast<std::uint64_t>(seed + offset)));
      }
    } catch (const std::exception&) {
      ++failures;
    }
  };
  std::thread first(write, 0), second(write, 1000);
  first.join();
  second.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(
      storage::repository::LabelVersionRepository(project.connection()).forCase(caseId).size(),
      80u);
}

}  // namespace
}  // namespace voxsiam
