// The uncertainty a model's draft keeps: stored quantised with the version, read back after the
// project is reopened, and a damaged map is a one-line error naming the database.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "storage/Project.h"
#include "storage/StorageError.h"
#include "storage/repository/UncertaintyRepository.h"
#include "storage/sql/Statement.h"
#include "tests/storage/StorageFixtures.h"
#include "tests/support/TestData.h"

namespace voxsiam::test {
namespace {

using storage::repository::UncertaintyRepository;

image::Volume rampOn(const image::ImageGeometry& grid) {
  image::Volume uncertainty(grid);
  for (std::size_t index = 0; index < uncertainty.voxelCount(); ++index)
    uncertainty[index] = float(index % 97) / 96.0f;
  uncertainty[3] = std::numeric_limits<float>::quiet_NaN();
  uncertainty[4] = 7.0f;
  uncertainty[5] = -1.0f;
  return uncertainty;
}

TEST(UncertaintyMap, ADraftKeepsItsMapAcrossReopeningWithinOneStep) {
  TempFolder temp;
  const auto folder = temp.path() / "project";
  const auto grid = testGrid({20, 16, 8});
  long long draft = 0, other = 0;
  {
    storage::Project project = storage::Project::create(folder, {});
    const long long caseId = addGeneratedCase(project, "case", grid, 1);
    storage::repository::LabelVersionRepository versions(project.connection());
    draft =
        versions.save(manualVersion(caseId, project.schemeId(), "draft"), image::LabelMap(grid, 0));
    other =
        versions.save(manualVersion(caseId, project.schemeId(), "other"), image::LabelMap(grid, 1));
    UncertaintyRepository(project.connection()).put(draft, rampOn(grid));
  }
  storage::Project project(folder);
  UncertaintyRepository maps(project.connection());
  EXPECT_TRUE(maps.has(draft));
  EXPECT_FALSE(maps.has(other));
  EXPECT_FALSE(maps.get(other));
  const auto stored = maps.get(draft);
  ASSERT_TRUE(stored);
  ASSERT_TRUE(stored->geometry().sameGrid(grid));
  const image::Volume expected = rampOn(grid);
  EXPECT_FLOAT_EQ((*stored)[3], 1.0f) << "NaN: nothing known";
  EXPECT_FLOAT_EQ((*stored)[4], 1.0f);
  EXPECT_FLOAT_EQ((*stored)[5], 0.0f);
  for (std::size_t index = 6; index < expected.voxelCount(); ++index)
    ASSERT_NEAR((*stored)[index], expected[index], 0.5 / UncertaintyRepository::kLevels + 1e-6)
        << "voxel " << index;
}

TEST(UncertaintyMap, ADamagedMapIsAnErrorNamingTheDatabase) {
  TempFolder temp;
  const auto folder = temp.path() / "project";
  const auto grid = testGrid({10, 10, 4});
  storage::Project project = storage::Project::create(folder, {});
  const long long caseId = addGeneratedCase(project, "case", grid, 1);
  const long long draft =
      storage::repository::LabelVersionRepository(project.connection())
          .save(manualVersion(caseId, project.schemeId(), "draft"), image::LabelMap(grid, 0));
  UncertaintyRepository maps(project.connection());
  maps.put(draft, image::Volume(grid, 0.5f));
  storage::sql::Statement damage(project.connection(),
                                 "UPDATE uncertainty_maps SET data = substr(data, 1, 20)");
  damage.run();
  try {
    maps.get(draft);
    FAIL() << "a truncated map was read";
  } catch (const storage::StorageError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("project.sqlite"), std::string::npos) << message;
    EXPECT_NE(message.find("uncertainty of label version"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace voxsiam::test
