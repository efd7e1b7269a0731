// Partly labelled versions and the review of single organs: which organs a version annotates
// and each organ's review survive closing and reopening the project, reviews are in the audit
// log, a reviewed organ the version does not annotate is refused, and the organs that may train
// follow from both; label value 255 ("not annotated") is kept and scored as nothing.
#include <gtest/gtest.h>

#include "core/metrics/SegmentationEvaluator.h"
#include "storage/Project.h"
#include "storage/StorageError.h"
#include "storage/repository/AuditLog.h"
#include "storage/services/TrainableOrgans.h"
#include "tests/storage/StorageFixtures.h"
#include "tests/support/TestData.h"

namespace voxsiam::test {
namespace {

using storage::ReviewStatus;
using storage::repository::LabelVersionRepository;

TEST(OrganReview, AnnotatedOrgansAndOrganReviewsSurviveReopenAndAreAudited) {
  TempFolder temp;
  const auto folder = temp.path() / "project";
  long long partial = 0, full = 0;
  {
    storage::Project project = storage::Project::create(folder, {});
    const auto grid = testGrid({24, 20, 10});
    const long long caseId = addGeneratedCase(project, "case", grid, 1);
    LabelVersionRepository versions(project.connection());
    auto version = manualVersion(caseId, project.schemeId(), "liver only");
    version.annotated = std::vector<std::uint16_t>{6};
    partial = versions.save(version, generatedLabels(grid, 2));
    full = versions.save(manualVersion(caseId, project.schemeId()), generatedLabels(grid, 3));
    versions.setOrganStatus(full, 6, ReviewStatus::Approved, "radiologist", "liver fine");
    versions.setOrganStatus(full, 3, ReviewStatus::Rejected, "radiologist", "gallbladder off");
    EXPECT_THROW(versions.setOrganStatus(partial, 3, ReviewStatus::Approved, "radiologist"),
                 storage::StorageError)
        << "version 1 does not annotate the gallbladder";
    EXPECT_THROW(versions.setOrganStatus(full, 6, ReviewStatus::Draft, "radiologist"),
                 storage::StorageError);
  }
  storage::Project project(folder);
  LabelVersionRepository versions(project.connection());
  ASSERT_TRUE(versions.info(partial).annotated);
  EXPECT_EQ(*versions.info(partial).annotated, std::vector<std::uint16_t>{6});
  EXPECT_FALSE(versions.info(full).annotated) << "no list: every organ";
  const auto reviews = versions.organReviews(full);
  ASSERT_EQ(reviews.size(), 2u);
  EXPECT_EQ(reviews[0].organ, 3);
  EXPECT_EQ(reviews[0].status, ReviewStatus::Rejected);
  EXPECT_EQ(reviews[0].note, "gallbladder off");
  EXPECT_EQ(reviews[1].organ, 6);
  EXPECT_EQ(reviews[1].author, "radiologist");
  EXPECT_FALSE(reviews[1].at.empty());
  int audited = 0;
  for (const auto& entry : storage::repository::AuditLog(project.connection()).entries()) {
    if (entry.action != "label.organ_review") continue;
    ++audited;
    EXPECT_EQ(entry.labelVersionId, full);
    EXPECT_EQ(entry.actor, "radiologist");
  }
  EXPECT_EQ(audited, 2);

  const auto scheme = project.scheme();
  EXPECT_EQ(storage::trainableOrgans(versions.info(full), reviews, scheme),
            std::vector<std::uint16_t>{6})
      << "a draft trains only the organs approved on their own";
  auto approvedWhole = versions.info(full);
  approvedWhole.status = ReviewStatus::Approved;
  const auto trained = storage::trainableOrgans(approvedWhole, reviews, scheme);
  EXPECT_EQ(trained.size(), scheme.entries().size() - 1) << "all but the rejected gallbladder";
  EXPECT_EQ(std::count(trained.begin(), trained.end(), 3), 0);
  const auto flags = storage::annotationFlags({6}, scheme);
  EXPECT_TRUE(flags[0]);
  EXPECT_TRUE(flags[6]);
  EXPECT_FALSE(flags[1]);
}

TEST(OrganReview, OrgansByNameNamesTheUnknownOne) {
  const auto scheme = image::LabelScheme::builtin("gibson8");
  EXPECT_EQ(scheme.organIds("liver,spleen").size(), 2u);
  try {
    scheme.organIds("liver,livre");
    FAIL();
  } catch (const image::InputError& error) {
    EXPECT_NE(std::string(error.what()).find("unknown organ 'livre'"), std::string::npos);
  }
}

TEST(OrganReview, UnannotatedVoxelsCountForNoOrganInTheScores) {
  const auto grid = testGrid({20, 20, 10});
  image::LabelMap reference(grid), predicted(grid);
  for (std::size_t v = 0; v < 400; ++v) reference[v] = 6, predicted[v] = 6;
  for (std::size_t v = 400; v < 800; ++v) reference[v] = image::kNotAnnotated, predicted[v] = 6;
  metrics::SegmentationEvaluator evaluator(1);
  const auto scores = evaluator.evaluate(predicted, reference, {6});
  ASSERT_TRUE(scores[0].dice);
  EXPECT_DOUBLE_EQ(*scores[0].dice, 1.0)
      << "the liver predicted where nobody annotated is no error";
  EXPECT_DOUBLE_EQ(*metrics::SegmentationEvaluator::dice(predicted, reference, {6})[0].dice, 1.0);
  EXPECT_EQ(metrics::SegmentationEvaluator::presentLabels(predicted, reference),
            std::vector<std::uint16_t>{6});
}

}  // namespace
}  // namespace voxsiam::test
