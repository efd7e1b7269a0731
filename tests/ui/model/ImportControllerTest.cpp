// The import controller without a window: cases are imported on its worker, each reported in
// order on the controller's thread before the final count, and a case that cannot be read fails
// alone.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/image/phantom/PhantomGenerator.h"
#include "storage/Project.h"
#include "storage/repository/CaseRepository.h"
#include "tests/support/TestData.h"
#include "tests/ui/model/WaitFor.h"
#include "ui/model/ImportController.h"

namespace voxsiam::test {
namespace {

TEST(ImportController, ImportsInTheBackgroundReportingEachCaseInOrderThenTheCounts) {
  TempFolder temp;
  image::phantom::writePhantomDataset(temp.file("phantoms"), 2, 11);
  std::ofstream(temp.file("phantoms/imagesTr/broken_0000.nii.gz")) << "not a NIfTI file";
  std::ofstream(temp.file("phantoms/labelsTr/broken.nii.gz")) << "not a NIfTI file";
  storage::Project::create(temp.path() / "project", {});
  const auto items = ui::ImportController::scan(
      {{QString::fromStdString(temp.file("phantoms")), QString(), true}}, "auto");
  ASSERT_EQ(items.size(), 3u);

  ui::ImportController importer;
  std::vector<int> indices;
  std::vector<ui::ImportCaseOutcome> outcomes;
  std::optional<std::array<int, 2>> counts;
  QObject::connect(&importer, &ui::ImportController::caseDone,
                   [&](int index, int total, const ui::ImportCaseOutcome& outcome) {
                     EXPECT_EQ(total, 3);
                     EXPECT_FALSE(counts) << "a case reported after the end";
                     indices.push_back(index);
                     outcomes.push_back(outcome);
                   });
  QObject::connect(&importer, &ui::ImportController::finished, [&](int imported, int failed, bool) {
    counts = {imported, failed};
  });
  importer.start(QString::fromStdString(temp.file("project")), items, {});
  EXPECT_TRUE(importer.running());
  ASSERT_TRUE(waitFor([&] { return counts.has_value(); }));
  EXPECT_FALSE(importer.running());
  EXPECT_EQ(indices, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(*counts, (std::array<int, 2>{2, 1}));
  int failedOutcomes = 0;
  for (const auto& outcome : outcomes) {
    if (!outcome.failed) continue;
    ++failedOutcomes;
    EXPECT_EQ(outcome.name, "broken");
    EXPECT_TRUE(outcome.detail.contains("broken")) << outcome.detail.toStdString();
  }
  EXPECT_EQ(failedOutcomes, 1);
  storage::Project project(temp.path() / "project");
  EXPECT_EQ(storage::repository::CaseRepository(project.connection()).list().size(), 2u);
}

}  // namespace
}  // namespace voxsiam::test
