// Correction effort: the voxels a reviewer changed per organ between a model's draft and the
// approved version descended from it, and the editing time of the versions in between.
#include <gtest/gtest.h>

#include "storage/Project.h"
#include "storage/repository/CorrectionRepository.h"
#include "storage/repository/ModelRepository.h"
#include "storage/services/CorrectionEffort.h"
#include "tests/storage/StorageFixtures.h"
#include "tests/support/TestData.h"

namespace voxsiam::test {
namespace {

using storage::repository::CorrectionRepository;
using storage::repository::LabelVersionRepository;

/// A model record (no file behind it) whose drafts the tests correct.
long long addModel(storage::Project& project) {
  storage::repository::ModelRecord model;
  model.name = "model";
  model.checkpoint = "models/none.pt";
  model.config = "{}";
  model.metrics = "{}";
  return storage::repository::ModelRepository(project.connection()).add(model);
}

TEST(CorrectionEffort, CountsChangedVoxelsPerOrganAndEditingTimeFromTheModelDraft) {
  TempFolder temp;
  const auto folder = temp.path() / "project";
  long long approved = 0, draft = 0, modelId = 0;
  {
    storage::Project project = storage::Project::create(folder, {});
    const auto grid = testGrid({20, 16, 8});
    const long long caseId = addGeneratedCase(project, "case", grid, 1);
    modelId = addModel(project);
    LabelVersionRepository versions(project.connection());
    CorrectionRepository corrections(project.connection());
    auto predicted = manualVersion(caseId, project.schemeId(), "prediction");
    predicted.source = storage::LabelSource::Model;
    predicted.modelId = modelId;
    image::LabelMap labels(grid, 0);
    for (std::size_t index = 0; index < 100; ++index) labels[index] = 5;
    draft = versions.save(predicted, labels);
    // First correction: 30 liver voxels become spleen; second: 10 background voxels become liver.
    for (std::size_t index = 0; index < 30; ++index) labels[index] = 1;
    auto first = manualVersion(caseId, project.schemeId(), "first pass");
    first.parentId = draft;
    const long long middle = versions.save(first, labels);
    corrections.recordEditTime(middle, 40.0);
    for (std::size_t index = 200; index < 210; ++index) labels[index] = 5;
    auto second = manualVersion(caseId, project.schemeId(), "second pass");
    second.parentId = middle;
    approved = versions.save(second, labels);
    corrections.recordEditTime(approved, 20.5);
    const auto unchanged = storage::recordCorrection(versions, corrections, draft);
    ASSERT_TRUE(unchanged) << "a draft approved as it is: a correction of nothing";
    EXPECT_TRUE(unchanged->voxelsChanged.empty());
    const auto correction = storage::recordCorrection(versions, corrections, approved);
    ASSERT_TRUE(correction);
    EXPECT_EQ(correction->draftVersionId, draft);
    EXPECT_EQ(correction->modelId, modelId);
    EXPECT_DOUBLE_EQ(correction->seconds, 60.5);
    const std::vector<std::pair<std::uint16_t, long long>> expected{{1, 30}, {5, 40}};
    EXPECT_EQ(correction->voxelsChanged, expected);
    EXPECT_EQ(correction->voxels, 40) << "a voxel moved from liver to spleen counts once";
  }
  storage::Project project(folder);
  const auto stored = CorrectionRepository(project.connection()).list();
  ASSERT_EQ(stored.size(), 2u) << "both recordings survive reopening";
  EXPECT_EQ(stored[1].versionId, approved);
  EXPECT_DOUBLE_EQ(stored[1].seconds, 60.5);
  EXPECT_EQ(stored[1].voxelsChanged.size(), 2u);
  EXPECT_EQ(stored[1].voxels, 40);
  EXPECT_EQ(stored[0].versionId, draft);
  EXPECT_TRUE(stored[0].voxelsChanged.empty());
}

TEST(CorrectionEffort, AnOrganTakenFromADraftCountsOnlyThatOrgansChanges) {
  TempFolder temp;
  storage::Project project = storage::Project::create(temp.path() / "project", {});
  const auto grid = testGrid({20, 16, 8});
  const long long caseId = addGeneratedCase(project, "case", grid, 1);
  const long long modelId = addModel(project);
  LabelVersionRepository versions(project.connection());
  CorrectionRepository corrections(project.connection());
  image::LabelMap imported(grid, 0);
  for (std::size_t index = 0; index < 200; ++index) imported[index] = 1;  // spleen
  const long long import = versions.save(manualVersion(caseId, project.schemeId()), imported);
  auto predicted = manualVersion(caseId, project.schemeId(), "prediction");
  predicted.source = storage::LabelSource::Model;
  predicted.modelId = modelId;
  predicted.parentId = import;
  image::LabelMap draftLabels(grid, 0);
  for (std::size_t index = 300; index < 400; ++index) draftLabels[index] = 5;  // its liver
  for (std::size_t index = 0; index < 100; ++index) draftLabels[index] = 1;    // a worse spleen
  const long long draft = versions.save(predicted, draftLabels);
  // The reviewer shows the import, takes the liver from the draft, trims 20 of its voxels.
  image::LabelMap corrected = imported;
  for (std::size_t index = 320; index < 400; ++index) corrected[index] = 5;
  auto taken = manualVersion(caseId, project.schemeId(), "liver from the model");
  taken.parentId = import;
  const long long approved = versions.save(taken, corrected);
  corrections.recordDraftSource(approved, 5, draft);
  corrections.recordEditTime(approved, 12);
  const auto correction = storage::recordCorrection(versions, corrections, approved);
  ASSERT_TRUE(correction) << "taking an organ from a draft makes its correction count";
  EXPECT_EQ(correction->draftVersionId, draft);
  EXPECT_EQ(correction->modelId, modelId);
  const std::vector<std::pair<std::uint16_t, long long>> liverOnly{{5, 20}};
  EXPECT_EQ(correction->voxelsChanged, liverOnly) << "the spleen was not taken from the model";
  EXPECT_EQ(correction->voxels, 20);
  EXPECT_DOUBLE_EQ(correction->seconds, 12);
}

TEST(CorrectionEffort, AManualVersionWithoutAModelAncestorRecordsNothing) {
  TempFolder temp;
  storage::Project project = storage::Project::create(temp.path() / "project", {});
  const auto grid = testGrid({12, 12, 6});
  const long long caseId = addGeneratedCase(project, "case", grid, 2);
  LabelVersionRepository versions(project.connection());
  CorrectionRepository corrections(project.connection());
  const long long manual =
      versions.save(manualVersion(caseId, project.schemeId()), generatedLabels(grid, 4));
  EXPECT_FALSE(storage::recordCorrection(versions, corrections, manual));
  EXPECT_TRUE(corrections.list().empty());
}

}  // namespace
}  // namespace voxsiam::test
