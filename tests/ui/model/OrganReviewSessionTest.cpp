// Per-organ annotation and review through the case session (no window): which organs a saved
// version annotates, single organs approved or rejected, and what then trains.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "core/image/phantom/PhantomGenerator.h"
#include "storage/Project.h"
#include "storage/import/ImportSource.h"
#include "storage/import/ProjectImporter.h"
#include "storage/repository/AuditLog.h"
#include "storage/repository/LabelVersionRepository.h"
#include "tests/support/TestData.h"
#include "tests/ui/model/WaitFor.h"
#include "ui/model/CaseSession.h"
#include "ui/model/EditController.h"
#include "ui/model/OrganStates.h"

namespace voxsiam::test {
namespace {

constexpr std::uint16_t kLiver = 5, kPancreas = 7, kSpleen = 1;

/// A fresh project with one phantom case imported as a draft, opened on that case.
class OrganReviewSession : public testing::Test {
 protected:
  void SetUp() override {
    image::phantom::writePhantomDataset(folder_.file("phantoms"), 1, 5);
    storage::Project project = storage::Project::create(folder_.path() / "project", {});
    storage::ImportOptions options;
    options.status = storage::ReviewStatus::Draft;
    const auto items =
        storage::scanImportSource(folder_.file("phantoms"), storage::ImportFormat::Auto);
    storage::ProjectImporter(project).run(items, options);
    open(session_);
  }

  void open(ui::CaseSession& session) {
    session.openProject(QString::fromStdString(folder_.file("project")));
    session.loadCaseAsync(session.caseIds().front());
    ASSERT_TRUE(waitFor([&] { return session.hasCase() && !session.loading(); }));
  }

  /// One brush dab of `organ` with radius `radius` mm at the centre of the labels.
  void paintAtCentre(std::uint16_t organ, double radius) {
    ui::EditController edits(session_);
    const auto& size = session_.labels().size();
    edits.setTool("brush");
    edits.setActiveLabel(organ);
    edits.setBrushRadius(radius);
    edits.strokeBegin({size[0] / 2, size[1] / 2, size[2] / 2}, 2);
    edits.strokeEnd();
  }

  static const ui::OrganState& state(const std::vector<ui::OrganState>& states,
                                     std::uint16_t organ) {
    return *std::find_if(states.begin(), states.end(),
                         [&](const ui::OrganState& s) { return s.organ == organ; });
  }

  TempFolder folder_;
  ui::CaseSession session_;
};

TEST_F(OrganReviewSession, AnUncheckedOrganIsSavedAsNotAnnotatedAndPaintingItTicksItAgain) {
  EXPECT_EQ(session_.annotatedForSave().size(), 8u) << "imported labels annotate every organ";
  EXPECT_FALSE(session_.modified());
  session_.setAnnotatedForSave(kPancreas, false);
  EXPECT_TRUE(session_.modified()) << "the annotated organs are part of what a save stores";
  const long long saved = session_.save();
  storage::repository::LabelVersionRepository versions(session_.project().connection());
  const auto info = versions.info(saved);
  ASSERT_TRUE(info.annotated);
  EXPECT_EQ(info.annotated->size(), 7u);
  EXPECT_EQ(std::count(info.annotated->begin(), info.annotated->end(), kPancreas), 0);
  EXPECT_FALSE(session_.modified());
  const auto states = ui::organStates(session_);
  ASSERT_EQ(states.size(), 8u);
  EXPECT_FALSE(state(states, kPancreas).annotated);
  EXPECT_TRUE(state(states, kLiver).annotated);

  paintAtCentre(kPancreas, 3);
  EXPECT_EQ(session_.annotatedForSave().count(kPancreas), 1u) << "painting an organ annotates it";
}

TEST_F(OrganReviewSession, OneApprovedOrganTrainsAloneAndTheReviewsSurviveReopening) {
  EXPECT_TRUE(session_.trainingCandidates().empty()) << "a draft trains nothing";
  session_.reviewOrgan(kLiver, storage::ReviewStatus::Approved, "liver checked");
  session_.reviewOrgan(kSpleen, storage::ReviewStatus::Rejected, "spleen too small");
  auto states = ui::organStates(session_);
  EXPECT_TRUE(state(states, kLiver).trains);
  EXPECT_EQ(state(states, kLiver).review, "approved");
  EXPECT_FALSE(state(states, kSpleen).trains);
  EXPECT_EQ(state(states, kSpleen).review, "rejected");
  EXPECT_FALSE(state(states, kPancreas).trains) << "not reviewed in a draft: not used";
  ASSERT_EQ(session_.trainingCandidates().size(), 1u) << "one approved organ makes it a candidate";

  ui::CaseSession reopened;
  open(reopened);
  states = ui::organStates(reopened);
  EXPECT_TRUE(state(states, kLiver).trains);
  EXPECT_EQ(state(states, kSpleen).review, "rejected");
  EXPECT_EQ(state(states, kSpleen).reviewer, session_.author());
  const auto audit = storage::repository::AuditLog(reopened.project().connection()).entries();
  const auto reviews = std::count_if(audit.begin(), audit.end(), [](const auto& entry) {
    return entry.action == "label.organ_review";
  });
  EXPECT_EQ(reviews, 2);

  reopened.setAnnotatedForSave(kPancreas, false);
  EXPECT_THROW(reopened.reviewOrgan(kLiver, storage::ReviewStatus::Approved), std::exception)
      << "unsaved changes are saved before organs are reviewed";
}

TEST_F(OrganReviewSession, CorrectingOneOrganOfAnApprovedVersionLeavesTheOthersApproved) {
  session_.setReviewStatus(storage::ReviewStatus::Approved, "all checked");
  paintAtCentre(kLiver, 4);
  std::set<std::uint16_t> touched;
  const auto parent = session_.versionLabels(session_.caseData().version->id);
  for (std::size_t index = 0; index < parent.voxelCount(); ++index)
    if (parent[index] != session_.labels()[index])
      touched.insert(parent[index]), touched.insert(session_.labels()[index]);
  ASSERT_TRUE(touched.count(kLiver));
  session_.save("liver corrected");
  EXPECT_EQ(session_.caseData().version->status, storage::ReviewStatus::Draft);
  const auto states = ui::organStates(session_);
  for (const auto& organ : states) {
    const bool changed = touched.count(organ.organ) > 0;
    EXPECT_EQ(organ.trains, !changed) << organ.name.toStdString();
    EXPECT_EQ(organ.review, changed ? "" : "approved") << organ.name.toStdString();
  }
}

}  // namespace
}  // namespace voxsiam::test
