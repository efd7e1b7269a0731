// How each organ of a label version was made, as a DICOM SEG says it: AUTOMATIC (a model's
// draft), SEMIAUTOMATIC (taken from or edited on a draft), MANUAL.
#include <gtest/gtest.h>

#include "core/image/DicomSegReader.h"
#include "storage/Project.h"
#include "storage/export/ProjectExporter.h"
#include "storage/repository/CaseRepository.h"
#include "storage/repository/CorrectionRepository.h"
#include "storage/repository/ModelRepository.h"
#include "storage/services/SegmentProvenance.h"
#include "tests/storage/StorageFixtures.h"
#include "tests/support/TestData.h"

namespace voxsiam::test {
namespace {

using storage::repository::LabelVersionRepository;

struct Versions {
  long long draft = 0, edited = 0, manual = 0;
};

/// A case with a model's draft (liver and spleen), a version edited from it, and a manual
/// version that took the liver from the draft.
Versions makeVersions(storage::Project& project) {
  const auto grid = testGrid({20, 16, 8});
  const long long caseId = addGeneratedCase(project, "case", grid, 1);
  storage::repository::ModelRecord model;
  model.name = "cpu-quick run 3";
  model.checkpoint = "models/none.pt";
  model.config = model.metrics = "{}";
  const long long modelId = storage::repository::ModelRepository(project.connection()).add(model);
  LabelVersionRepository versions(project.connection());
  image::LabelMap labels(grid, 0);
  for (std::size_t index = 0; index < 100; ++index) labels[index] = index < 60 ? 5 : 1;
  auto predicted = manualVersion(caseId, project.schemeId(), "prediction");
  predicted.source = storage::LabelSource::Model;
  predicted.modelId = modelId;
  Versions made;
  made.draft = versions.save(predicted, labels);
  labels[300] = 5;
  auto edit = manualVersion(caseId, project.schemeId(), "edited");
  edit.parentId = made.draft;
  made.edited = versions.save(edit, labels);
  labels[301] = 1;
  made.manual = versions.save(manualVersion(caseId, project.schemeId(), "drawn"), labels);
  storage::repository::CorrectionRepository(project.connection())
      .recordDraftSource(made.manual, 5, made.draft);
  return made;
}

TEST(SegmentProvenance, DraftsAreAutomaticEditsSemiautomaticTakenOrgansToo) {
  TempFolder temp;
  storage::Project project = storage::Project::create(temp.path() / "p", {});
  const Versions v = makeVersions(project);
  const auto draft = storage::segmentProvenance(project, v.draft);
  EXPECT_EQ(draft.at(5).type, "AUTOMATIC");
  EXPECT_EQ(draft.at(5).name, "cpu-quick run 3");
  EXPECT_EQ(draft.at(1).type, "AUTOMATIC");
  const auto edited = storage::segmentProvenance(project, v.edited);
  EXPECT_EQ(edited.at(5).type, "SEMIAUTOMATIC");
  EXPECT_EQ(edited.at(1).type, "SEMIAUTOMATIC");
  EXPECT_EQ(edited.at(1).name, "cpu-quick run 3");
  const auto manual = storage::segmentProvenance(project, v.manual);
  EXPECT_EQ(manual.at(5).type, "SEMIAUTOMATIC") << "the liver was taken from the draft";
  EXPECT_EQ(manual.count(1), 0u) << "the spleen was drawn: MANUAL";

  for (const auto& [version, liver, spleen] : {std::tuple{v.draft, "AUTOMATIC", "AUTOMATIC"},
                                               std::tuple{v.manual, "SEMIAUTOMATIC", "MANUAL"}}) {
    const auto file = temp.path() / ("v" + std::to_string(version) + ".dcm");
    storage::ProjectExporter(project).exportDicomSeg("case", version, file);
    std::vector<image::SegSegment> segments;
    image::readDicomSeg(file.string(), &segments);
    ASSERT_EQ(segments.size(), 2u);
    EXPECT_EQ(segments[0].label, "spleen");
    EXPECT_EQ(segments[0].algorithmType, spleen) << "version " << version;
    EXPECT_EQ(segments[1].label, "liver");
    EXPECT_EQ(segments[1].algorithmType, liver) << "version " << version;
  }
}

}  // namespace
}  // namespace voxsiam::test
