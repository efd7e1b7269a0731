// The case session, the edit controller and the surface controller without a window: a
// QCoreApplication, a project on disk with one phantom case, and a surface builder that counts
// voxels instead of calling VTK.
#include <gtest/gtest.h>

#include <atomic>
#include <map>

#include "core/image/phantom/PhantomGenerator.h"
#include "storage/Project.h"
#include "storage/import/ImportSource.h"
#include "storage/import/ProjectImporter.h"
#include "storage/repository/LabelVersionRepository.h"
#include "tests/support/TestData.h"
#include "tests/ui/model/WaitFor.h"
#include "ui/model/CaseSession.h"
#include "ui/model/EditController.h"
#include "ui/model/SurfaceController.h"

namespace voxsiam::test {
namespace {

/// One approved phantom case in a fresh project.
class HeadlessSession : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    folder_ = new TempFolder;
    image::phantom::writePhantomDataset(folder_->file("phantoms"), 1, 3);
    storage::Project project = storage::Project::create(folder_->path() / "project", {});
    storage::ImportOptions options;
    options.status = storage::ReviewStatus::Approved;
    const auto items =
        storage::scanImportSource(folder_->file("phantoms"), storage::ImportFormat::Auto);
    storage::ProjectImporter(project).run(items, options);
  }
  static void TearDownTestSuite() { delete folder_; }

  void SetUp() override {
    session_.openProject(QString::fromStdString(folder_->file("project")));
    ASSERT_EQ(session_.caseIds().size(), 1u);
    session_.loadCaseAsync(session_.caseIds().front());
    ASSERT_TRUE(waitFor([&] { return session_.hasCase() && !session_.loading(); }));
  }

  /// Voxels of `label` in the shown labels.
  std::size_t count(std::uint16_t label) const {
    std::size_t n = 0;
    for (const auto id : session_.labels().voxels()) n += id == label;
    return n;
  }

  static TempFolder* folder_;
  ui::CaseSession session_;
};

TempFolder* HeadlessSession::folder_ = nullptr;

TEST_F(HeadlessSession, ABrushStrokeChangesTheLabelsUndoRestoresThemAndSaveStoresADraft) {
  ui::EditController edits(session_);
  std::vector<ui::LabelsChange> changes;
  QObject::connect(&session_, &ui::CaseSession::labelsChanged,
                   [&](const ui::LabelsChange& change) { changes.push_back(change); });
  const auto& size = session_.labels().size();
  const edit::VoxelIndex centre{size[0] / 2, size[1] / 2, size[2] / 2};
  const std::size_t before = count(7);
  edits.setTool("brush");
  edits.setActiveLabel(7);
  edits.setBrushRadius(8);
  edits.strokeBegin(centre, 2);
  edits.strokeEnd();
  EXPECT_GT(count(7), before);
  EXPECT_TRUE(session_.modified());
  ASSERT_FALSE(changes.empty());
  EXPECT_NE(std::find(changes.back().labels.begin(), changes.back().labels.end(), 7),
            changes.back().labels.end());
  edits.undo();
  EXPECT_EQ(count(7), before);
  edits.redo();
  const std::size_t painted = count(7);

  const long long saved = session_.save("painted headless");
  EXPECT_FALSE(session_.modified());
  storage::repository::LabelVersionRepository versions(session_.project().connection());
  const auto stored = versions.latest(session_.caseData().caseId);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->id, saved);
  EXPECT_EQ(stored->status, storage::ReviewStatus::Draft);
  const image::LabelMap storedLabels = versions.load(saved);
  std::size_t storedCount = 0;
  for (const auto id : storedLabels.voxels()) storedCount += id == 7;
  EXPECT_EQ(storedCount, painted);
}

TEST_F(HeadlessSession, SurfacesAreBuiltForEveryOrganThenOnlyForTheEditedOne) {
  std::atomic<int> builds{0};
  ui::SurfaceController surfaces(session_, [&](const image::LabelMap& labels, std::uint16_t id) {
    ++builds;
    image::SurfaceMesh mesh;
    for (const auto voxel : labels.voxels()) {
      if (voxel == id) {
        mesh.points = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}};
        mesh.triangles = {{0, 1, 2}};
        break;
      }
    }
    return mesh;
  });
  std::vector<std::vector<std::uint16_t>> built;
  QObject::connect(&surfaces, &ui::SurfaceController::surfacesBuilt,
                   [&](const std::vector<ui::OrganSurface>& list) {
                     built.emplace_back();
                     for (const auto& surface : list) built.back().push_back(surface.label);
                   });
  session_.loadCaseAsync(session_.caseIds().front());
  ASSERT_TRUE(waitFor([&] { return !session_.loading() && !built.empty() && !surfaces.busy(); }));
  EXPECT_EQ(built.front().size(), session_.scheme().entries().size());
  EXPECT_EQ(surfaces.organCount(), 8u);
  EXPECT_EQ(surfaces.caption(), "8 organs");

  ui::EditController edits(session_);
  edits.setActiveLabel(2);
  edits.setBrushRadius(4);
  const auto& size = session_.labels().size();
  edits.strokeBegin({size[0] / 2, size[1] / 2, size[2] / 2}, 2);
  edits.strokeEnd();
  const int buildsBefore = builds;
  ASSERT_TRUE(waitFor([&] { return built.size() >= 2 && !surfaces.busy(); }));
  EXPECT_FALSE(built.back().empty());
  EXPECT_LE(built.back().size(), 3u) << "only the painted organ and what it painted over";
  EXPECT_LT(builds - buildsBefore, 4);

  std::vector<bool> visibility;
  QObject::connect(&surfaces, &ui::SurfaceController::organVisibilityChanged,
                   [&](const std::vector<bool>& visible) { visibility = visible; });
  session_.setOrganVisible(3, false);
  ASSERT_GT(visibility.size(), 3u);
  EXPECT_FALSE(visibility[3]);

  bool cleared = false;
  QObject::connect(&surfaces, &ui::SurfaceController::surfacesCleared, [&] { cleared = true; });
  session_.closeCase();
  EXPECT_TRUE(cleared);
  EXPECT_EQ(surfaces.organCount(), 0u);
  EXPECT_EQ(surfaces.caption(), "no case open");
}

}  // namespace
}  // namespace voxsiam::test
