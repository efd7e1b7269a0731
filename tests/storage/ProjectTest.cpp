#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/image/DatasetLayout.h"
#include "core/image/ImageReader.h"
#include "core/image/ImageWriter.h"
#include "core/image/LabelMapping.h"
#include "core/image/phantom/PhantomGenerator.h"
#include "storage/Project.h"
#include "storage/Schema.h"
#include "storage/StorageError.h"
#include "storage/export/ProjectExporter.h"
#include "storage/import/ImportSource.h"
#include "storage/import/ProjectImporter.h"
#include "storage/repository/AuditLog.h"
#include "storage/repository/CaseRepository.h"
#include "storage/repository/EmbeddingRepository.h"
#include "storage/repository/LabelVersionRepository.h"
#include "storage/repository/MetricsRepository.h"
#include "storage/repository/ModelRepository.h"
#include "storage/repository/RunCases.h"
#include "storage/repository/TrainingRunRepository.h"
#include "storage/services/LabelVersionService.h"
#include "storage/sql/Connection.h"
#include "storage/sql/Statement.h"
#include "tests/storage/StorageFixtures.h"
#include "tests/support/TestData.h"

namespace voxsiam {
namespace {

namespace fs = std::filesystem;
using storage::ImportResult;
using storage::ReviewStatus;
using Outcome = ImportResult::Outcome;

std::array<std::size_t, 9> gibsonCounts(const image::LabelMap& labels) {
  std::array<std::size_t, 9> counts{};
  for (const auto id : labels.voxels()) ++counts[id];
  return counts;
}

std::size_t fileCount(const fs::path& folder) {
  return static_cast<std::size_t>(
      std::distance(fs::directory_iterator(folder), fs::directory_iterator()));
}

storage::ImportItem totalsegItem() {
  return {"totalseg", test::dataPath("totalseg/ct.nii.gz"),
          test::dataPath("totalseg/seg_totalseg_ids.nii.gz"), ""};
}

std::vector<ImportResult> importOne(storage::Project& project, const storage::ImportItem& item,
                                    const std::string& map,
                                    ReviewStatus status = ReviewStatus::Approved) {
  storage::ImportOptions options;
  options.mapping = map;
  options.author = "tester";
  options.status = status;
  return storage::ProjectImporter(project).run({item}, options);
}

TEST(ProjectTest, RealDataAndPhantomsSurviveEditsReviewAndReopen) {
  test::TempFolder temp;
  const fs::path folder = temp.path() / "project";
  image::phantom::writePhantomDataset(temp.file("phantoms"), 2, 5);
  image::LabelMap edited;
  long long editedVersion = 0;
  std::size_t auditEntries = 0;
  {
    storage::Project project = storage::Project::create(folder, {"Test project", "gibson8"});
    ASSERT_EQ(importOne(project, totalsegItem(), "totalseg").front().outcome, Outcome::Added);
    const storage::ImportItem dicom{"dcmqi", test::dataPath("dcmqi"),
                                    test::dataPath("dcmqi/liver.dcm"), ""};
    ASSERT_EQ(importOne(project, dicom, "identity").front().outcome, Outcome::Added);
    const auto phantoms =
        storage::scanImportSource(temp.file("phantoms"), storage::ImportFormat::Auto);
    ASSERT_EQ(phantoms.size(), 2u);
    storage::ImportOptions options;
    options.status = ReviewStatus::InReview;
    for (const auto& result : storage::ProjectImporter(project).run(phantoms, options)) {
      EXPECT_EQ(result.outcome, Outcome::Added) << result.name << ": " << result.reason;
    }

    storage::repository::CaseRepository cases(project.connection());
    storage::repository::LabelVersionRepository versions(project.connection());
    const auto totalseg = cases.findByName("totalseg");
    ASSERT_TRUE(totalseg);
    const auto imported = versions.latest(totalseg->id);
    ASSERT_TRUE(imported);
    edited = versions.load(imported->id);
    for (std::size_t k = 40; k < 60; ++k) edited.at(60, 50, k) = 3;
    storage::repository::NewLabelVersion change;
    change.caseId = totalseg->id;
    change.parentId = imported->id;
    change.schemeId = project.schemeId();
    change.author = "radiologist";
    change.note = "gallbladder extended";
    editedVersion = versions.save(change, edited);
    versions.setStatus(editedVersion, ReviewStatus::InReview, "radiologist");
    versions.setStatus(editedVersion, ReviewStatus::Approved, "reviewer", "looks right");
    EXPECT_THROW(versions.setStatus(editedVersion, ReviewStatus::Draft, "reviewer"),
                 storage::StorageError);
    auditEntries = storage::repository::AuditLog(project.connection()).entries().size();
  }

  storage::Project reopened(folder);
  EXPECT_EQ(reopened.title(), "Test project");
  EXPECT_EQ(reopened.integrityCheck(), "ok");
  storage::repository::CaseRepository cases(reopened.connection());
  storage::repository::LabelVersionRepository versions(reopened.connection());
  const auto list = cases.list();
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[0].name, "dcmqi");
  EXPECT_EQ(list[1].name, "phantom_000");
  EXPECT_EQ(list[1].latestStatus, "in_review");
  EXPECT_EQ(list[3].name, "totalseg");
  EXPECT_EQ(list[3].versionCount, 2);
  EXPECT_EQ(list[3].latestStatus, "approved");

  const auto totalseg = cases.findByName("totalseg");
  const auto history = versions.forCase(totalseg->id);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].parentId, history[0].id);
  EXPECT_EQ(history[1].author, "radiologist");
  EXPECT_EQ(versions.load(editedVersion).voxels(), edited.voxels());
  const auto counts = gibsonCounts(versions.load(history[0].id));
  const std::array<std::size_t, 9> readme{0, 9668, 5090, 1319, 0, 41692, 4836, 695, 2319};
  for (int organ = 1; organ <= 8; ++organ) EXPECT_EQ(counts[organ], readme[organ]) << organ;

  const image::LabelMap seg = image::readLabelMap(test::dataPath("dcmqi/liver_spine_seg.nrrd"));
  const image::LabelMap dicomLabels =
      versions.load(versions.latest(cases.findByName("dcmqi")->id)->id);
  std::size_t liver = 0, disagree = 0;
  for (std::size_t v = 0; v < seg.voxelCount(); ++v) {
    liver += dicomLabels[v] == 5;  // the SEG's segment is the liver: gibson8 id 5, not segment 1
    disagree += (dicomLabels[v] == 5) != (seg[v] == 1);
  }
  EXPECT_EQ(liver, 107098u);
  EXPECT_EQ(disagree, 0u);

  const auto audit = storage::repository::AuditLog(reopened.connection()).entries();
  EXPECT_EQ(audit.size(), auditEntries);
  const auto caseAudit = storage::repository::AuditLog(reopened.connection()).entries(totalseg->id);
  ASSERT_EQ(caseAudit.size(), 5u);  // import, label, edit, two status changes
  EXPECT_EQ(caseAudit[0].action, "case.import");
  EXPECT_EQ(caseAudit[4].action, "label.status");
  EXPECT_EQ(caseAudit[4].actor, "reviewer");
  EXPECT_EQ(caseAudit[4].detail, "in_review -> approved: looks right");
  EXPECT_THROW(reopened.connection().execute("DELETE FROM audit_log"), storage::StorageError);
  EXPECT_THROW(reopened.connection().execute("UPDATE label_versions SET data = x'00'"),
               storage::StorageError);
}

TEST(ProjectTest, SavedVersionsAreScoredAgainstTheApprovedLabelsOnce) {
  test::TempFolder temp;
  image::phantom::writePhantomDataset(temp.file("phantoms"), 1, 3);
  storage::Project project =
      storage::Project::create(temp.path() / "project", {"Scores", "gibson8"});
  storage::ImportOptions options;
  options.status = ReviewStatus::Approved;
  storage::ProjectImporter(project).run(
      storage::scanImportSource(temp.file("phantoms"), storage::ImportFormat::Auto), options);
  storage::repository::LabelVersionRepository versions(project.connection());
  const long long caseId = storage::repository::CaseRepository(project.connection()).list()[0].id;
  const auto approved = versions.latest(caseId, ReviewStatus::Approved);
  ASSERT_TRUE(approved);
  image::LabelMap changed = versions.load(approved->id);
  std::size_t livers = 0, moved = 0;
  for (std::size_t v = 0; v < changed.voxelCount(); ++v) livers += changed[v] == 5;
  for (std::size_t v = 0; v < changed.voxelCount() && moved < livers / 10; ++v)
    if (changed[v] == 5) changed[v] = 0, ++moved;
  storage::repository::NewLabelVersion version;
  version.caseId = caseId;
  version.parentId = approved->id;
  version.schemeId = project.schemeId();
  version.author = "test";
  storage::LabelVersionService service(project);
  const long long id = service.saveAndScore(version, changed, storage::Scoring::Dice);
  const auto stored =
      storage::repository::MetricsRepository(project.connection()).get(id, approved->id);
  const double expectedLiver = 2.0 * double(livers - moved) / double(2 * livers - moved);
  bool sawLiver = false;
  for (const auto& score : stored) {
    EXPECT_FALSE(score.hd95.has_value()) << "a save stores Dice only";
    if (score.organ == 5) {
      sawLiver = true;
      EXPECT_NEAR(*score.dice, expectedLiver, 1e-12);
    } else {
      EXPECT_DOUBLE_EQ(*score.dice, 1.0) << "organ " << score.organ;
    }
  }
  EXPECT_TRUE(sawLiver);
  const auto full = service.fullScores(versions.info(id), *approved);
  ASSERT_EQ(full.size(), stored.size());
  for (const auto& score : full) EXPECT_TRUE(score.hd95.has_value()) << "organ " << score.organ;
  EXPECT_TRUE(storage::repository::MetricsRepository(project.connection())
                  .get(id, approved->id)
                  .front()
                  .hd95.has_value())
      << "the full scores are stored";
}

TEST(ProjectTest, RunCasesRoundTripAndMalformedOnesAreNamed) {
  const std::vector<storage::RunCase> cases{{3, "liver_01", 17, storage::CaseRole::Training},
                                            {4, "liver_02", 18, storage::CaseRole::Validation}};
  const std::string config = nlohmann::json{{"cases", storage::runCasesJson(cases)}}.dump();
  const auto read = storage::runCasesOf(config, "run 1");
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[1].caseId, 4);
  EXPECT_EQ(read[1].name, "liver_02");
  EXPECT_EQ(read[1].labelVersionId, 18);
  EXPECT_EQ(read[1].role, storage::CaseRole::Validation);
  EXPECT_TRUE(storage::runCasesOf("{}", "run 2").empty());
  try {
    storage::runCasesOf(R"({"cases": [{"case_id": 1, "name": "x", "role": "testing",
                                       "label_version_id": 2}]})",
                        "run 3");
    ADD_FAILURE() << "an unknown role was accepted";
  } catch (const storage::StorageError& error) {
    EXPECT_NE(std::string(error.what()).find("run 3"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("testing"), std::string::npos) << error.what();
  }
  EXPECT_THROW(storage::runCasesOf("not json", "run 4"), storage::StorageError);
}

TEST(ProjectTest, ImportingTheSameDataTwiceAddsNothing) {
  test::TempFolder temp;
  image::phantom::writePhantomDataset(temp.file("phantoms"), 3, 9);
  storage::Project project = storage::Project::create(temp.path() / "p", {});
  const auto items =
      storage::scanImportSource(temp.file("phantoms"), storage::ImportFormat::NnUnet);
  storage::ProjectImporter importer(project);
  for (const auto& result : importer.run(items, {})) EXPECT_EQ(result.outcome, Outcome::Added);
  const auto countRows = [&](const std::string& table) {
    storage::sql::Statement query(project.connection(), "SELECT COUNT(*) FROM " + table);
    query.step();
    return query.integer(0);
  };
  const long long audit = countRows("audit_log");
  for (const auto& result : importer.run(items, {})) EXPECT_EQ(result.outcome, Outcome::Unchanged);
  EXPECT_EQ(countRows("cases"), 3);
  EXPECT_EQ(countRows("label_versions"), 3);
  EXPECT_EQ(countRows("volumes"), 3);
  EXPECT_EQ(countRows("audit_log"), audit);
  EXPECT_EQ(fileCount(temp.path() / "p" / "volumes"), 3u);
}

TEST(ProjectTest, FailingCaseIsNamedAndOthersContinueOrEverythingRollsBack) {
  test::TempFolder temp;
  const std::string data = temp.file("phantoms");
  image::phantom::writePhantomDataset(data, 3, 11);
  // Truncate the second case's label: that case must fail, by name, with the file in the reason.
  const fs::path broken = fs::path(data) / "labelsTr" / "phantom_001.nii.gz";
  fs::resize_file(broken, fs::file_size(broken) / 2);
  const auto items = storage::scanImportSource(data, storage::ImportFormat::NnUnet);

  storage::Project strict = storage::Project::create(temp.path() / "strict", {});
  storage::ImportOptions allOrNothing;
  allOrNothing.allOrNothing = true;
  const auto rolledBack = storage::ProjectImporter(strict).run(items, allOrNothing);
  ASSERT_EQ(rolledBack.size(), 2u);
  EXPECT_EQ(rolledBack[1].outcome, Outcome::Failed);
  EXPECT_EQ(storage::repository::CaseRepository(strict.connection()).count(), 0);
  EXPECT_EQ(fileCount(temp.path() / "strict" / "volumes"), 0u);

  storage::Project lenient = storage::Project::create(temp.path() / "lenient", {});
  const auto results = storage::ProjectImporter(lenient).run(items, {});
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].outcome, Outcome::Added);
  EXPECT_EQ(results[1].outcome, Outcome::Failed);
  EXPECT_EQ(results[1].name, "phantom_001");
  EXPECT_NE(results[1].reason.find(broken.string()), std::string::npos) << results[1].reason;
  EXPECT_EQ(results[2].outcome, Outcome::Added);
  EXPECT_EQ(storage::repository::CaseRepository(lenient.connection()).count(), 2);
  EXPECT_EQ(fileCount(temp.path() / "lenient" / "volumes"), 2u);
}

TEST(ProjectTest, AmosLabelsAreMappedAtImportAndUnmappedIdsAreRefused) {
  test::TempFolder temp;
  const image::LabelMap amos = image::readLabelMap(test::dataPath("amos/amos_0013_label.nii.gz"));
  image::Volume image(amos.geometry(), -1000.0f);
  for (std::size_t v = 0; v < amos.voxelCount(); ++v) image[v] = amos[v] ? 50.0f : -1000.0f;
  image::writeVolume(image, temp.file("amos.nii.gz"), image::StoredType::Int16);
  const storage::ImportItem item{"amos_0013", temp.file("amos.nii.gz"),
                                 test::dataPath("amos/amos_0013_label.nii.gz"), ""};
  storage::Project project = storage::Project::create(temp.path() / "p", {});
  const auto unmapped = importOne(project, item, "identity");
  EXPECT_EQ(unmapped.front().outcome, Outcome::Failed);
  EXPECT_NE(unmapped.front().reason.find("--map"), std::string::npos) << unmapped.front().reason;
  ASSERT_EQ(importOne(project, item, "amos").front().outcome, Outcome::Added);
  storage::repository::LabelVersionRepository versions(project.connection());
  const auto caseId =
      storage::repository::CaseRepository(project.connection()).findByName("amos_0013")->id;
  const auto counts = gibsonCounts(versions.load(versions.latest(caseId)->id));
  const std::array<std::size_t, 9> readme{0,      94546,  40287, 6753, 1843,
                                          373508, 115022, 13921, 11078};
  for (int organ = 1; organ <= 8; ++organ) EXPECT_EQ(counts[organ], readme[organ]) << organ;
}

TEST(ProjectTest, BtcvAndPairLayoutsAreRecognised) {
  test::TempFolder temp;
  image::phantom::writePhantomDataset(temp.file("phantoms"), 2, 3);
  const fs::path btcv = temp.path() / "btcv", pairs = temp.path() / "pairs";
  fs::create_directories(btcv / "img");
  fs::create_directories(btcv / "label");
  fs::create_directories(pairs);
  for (const std::string number : {"000", "001"}) {
    const fs::path image =
        temp.path() / "phantoms" / "imagesTr" / ("phantom_" + number + "_0000.nii.gz");
    const fs::path label =
        temp.path() / "phantoms" / "labelsTr" / ("phantom_" + number + ".nii.gz");
    fs::copy_file(image, btcv / "img" / ("img0" + number + ".nii.gz"));
    fs::copy_file(label, btcv / "label" / ("label0" + number + ".nii.gz"));
    fs::copy_file(image, pairs / ("case" + number + ".nii.gz"));
    fs::copy_file(label, pairs / ("case" + number + "_seg.nii.gz"));
  }
  EXPECT_EQ(storage::detectImportFormat(btcv.string()), storage::ImportFormat::Btcv);
  EXPECT_EQ(storage::detectImportFormat(pairs.string()), storage::ImportFormat::Pairs);
  EXPECT_EQ(storage::detectImportFormat(test::dataPath("dcmqi")), storage::ImportFormat::Dicom);
  const auto btcvItems = storage::scanImportSource(btcv.string(), storage::ImportFormat::Auto);
  ASSERT_EQ(btcvItems.size(), 2u);
  EXPECT_EQ(btcvItems[1].name, "btcv_0001");
  EXPECT_EQ(btcvItems[1].label, (btcv / "label" / "label0001.nii.gz").string());
  const auto pairItems = storage::scanImportSource(pairs.string(), storage::ImportFormat::Auto);
  ASSERT_EQ(pairItems.size(), 2u);
  EXPECT_EQ(pairItems[0].name, "case000");
  EXPECT_EQ(pairItems[0].label, (pairs / "case000_seg.nii.gz").string());

  // The same images under other names are new cases, but their files are stored once.
  storage::Project project = storage::Project::create(temp.path() / "p", {});
  storage::ProjectImporter importer(project);
  importer.run(btcvItems, {});
  importer.run(pairItems, {});
  EXPECT_EQ(storage::repository::CaseRepository(project.connection()).count(), 4);
  EXPECT_EQ(fileCount(temp.path() / "p" / "volumes"), 2u);
}

TEST(ProjectTest, AFolderOfOneCtAndOneSegFileIsOneLabelledCase) {
  // The layout of the real TotalSegmentator example: ct.nii.gz beside seg_totalseg_ids.nii.gz.
  const auto items =
      storage::scanImportSource(test::dataPath("totalseg"), storage::ImportFormat::Auto);
  ASSERT_EQ(items.size(), 1u) << "the label map is not a second CT";
  EXPECT_EQ(items[0].name, "ct");
  EXPECT_EQ(fs::path(items[0].label).filename(), "seg_totalseg_ids.nii.gz");
  const auto cases = image::scanDataset(test::dataPath("totalseg"));
  ASSERT_EQ(cases.size(), 1u) << "train --data reads the same folder the same way";
  EXPECT_EQ(cases[0].label, items[0].label);
}

TEST(ProjectTest, DicomStudyWithSeriesInSubfoldersIsOneCase) {
  test::TempFolder temp;
  const fs::path study = temp.path() / "study";
  fs::create_directories(study / "ct");
  fs::create_directories(study / "seg");
  for (const std::string slice : {"01", "02", "03"}) {
    fs::copy_file(test::dataPath("dcmqi/ct-3slice_" + slice + ".dcm"),
                  study / "ct" / ("slice" + slice + ".dcm"));
  }
  fs::copy_file(test::dataPath("dcmqi/liver.dcm"), study / "seg" / "liver.dcm");
  EXPECT_EQ(storage::detectImportFormat(study.string()), storage::ImportFormat::Dicom);
  const auto items = storage::scanImportSource(study.string(), storage::ImportFormat::Auto);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].name, "study");
  EXPECT_EQ(items[0].image, (study / "ct").string());
  EXPECT_EQ(items[0].label, (study / "seg" / "liver.dcm").string());
  storage::Project project = storage::Project::create(temp.path() / "p", {});
  ASSERT_EQ(importOne(project, items[0], "identity").front().outcome, Outcome::Added);
  storage::repository::LabelVersionRepository versions(project.connection());
  const auto labels = versions.load(versions.latest(1)->id);
  EXPECT_EQ(labels.size()[2], 3u);
  EXPECT_EQ(gibsonCounts(labels)[5], 107098u) << "liver";
  EXPECT_EQ(gibsonCounts(labels)[1], 0u) << "segment number 1 is not spleen";
}

TEST(ProjectTest, ExportsCaseFilesAndApprovedCasesInNnUnetLayout) {
  test::TempFolder temp;
  image::phantom::writePhantomDataset(temp.file("phantoms"), 2, 21);
  storage::Project project = storage::Project::create(temp.path() / "p", {});
  auto items = storage::scanImportSource(temp.file("phantoms"), storage::ImportFormat::NnUnet);
  storage::ProjectImporter importer(project);
  storage::ImportOptions approved;
  approved.status = ReviewStatus::Approved;
  importer.run({items[0]}, approved);
  storage::ImportOptions draft;
  draft.status = ReviewStatus::Draft;
  importer.run({items[1]}, draft);

  storage::ProjectExporter exporter(project);
  const auto files = exporter.exportCase("phantom_001", std::nullopt, temp.path() / "case");
  ASSERT_EQ(files.size(), 2u);
  const auto original = image::readVolume(items[1].image);
  EXPECT_EQ(image::readVolume(files[0]).voxels(), original.voxels());
  EXPECT_EQ(image::readLabelMap(files[1]).voxels(), image::readLabelMap(items[1].label).voxels());

  const auto exported = exporter.exportNnUnet(temp.path() / "nnunet");
  ASSERT_EQ(exported, std::vector<std::string>{"phantom_000"});
  EXPECT_TRUE(fs::exists(temp.path() / "nnunet" / "dataset.json"));
  EXPECT_FALSE(fs::exists(temp.path() / "nnunet" / "imagesTr" / "phantom_001_0000.nii.gz"));
  storage::Project copy = storage::Project::create(temp.path() / "copy", {});
  const auto back =
      storage::scanImportSource((temp.path() / "nnunet").string(), storage::ImportFormat::Auto);
  ASSERT_EQ(back.size(), 1u);
  storage::ProjectImporter(copy).run(back, {});
  storage::repository::LabelVersionRepository a(project.connection()), b(copy.connection());
  const auto caseA =
      storage::repository::CaseRepository(project.connection()).findByName("phantom_000");
  const auto caseB =
      storage::repository::CaseRepository(copy.connection()).findByName("phantom_000");
  EXPECT_EQ(caseA->imageHash, caseB->imageHash);
  EXPECT_EQ(a.latest(caseA->id)->contentHash, b.latest(caseB->id)->contentHash);
}

TEST(ProjectTest, RunsModelsMetricsAndEmbeddingsRoundTrip) {
  test::TempFolder temp;
  const auto grid = test::testGrid({24, 20, 8});
  {
    storage::Project project = storage::Project::create(temp.path() / "p", {});
    const long long caseId = test::addGeneratedCase(project, "c1", grid, 1);
    storage::repository::LabelVersionRepository versions(project.connection());
    storage::repository::NewLabelVersion version;
    version.caseId = caseId;
    version.schemeId = project.schemeId();
    version.author = "a";
    const long long reference = versions.save(version, test::generatedLabels(grid, 1));
    storage::repository::TrainingRunRepository runs(project.connection());
    const long long run = runs.add("run 1", R"({"epochs":2})", "runs/1");
    runs.setState(run, storage::RunState::Running);
    runs.addEpoch(run, 1, R"({"dice":0.5})");
    runs.addEpoch(run, 2, R"({"dice":0.7})");
    runs.setState(run, storage::RunState::Finished);
    EXPECT_THROW(storage::parseRunState("exploded"), std::invalid_argument);
    {
      std::ofstream checkpoint(temp.file("model.pt"), std::ios::binary);
      checkpoint << "weights";
    }
    storage::repository::ModelRecord model;
    model.name = "model 1";
    model.runId = run;
    model.checkpoint = project.storeModelFile(temp.file("model.pt"));
    EXPECT_EQ(project.storeModelFile(temp.file("model.pt")), model.checkpoint);
    EXPECT_EQ(fileCount(temp.path() / "p" / "models"), 1u);
    model.config = "{}";
    const long long modelId = storage::repository::ModelRepository(project.connection()).add(model);
    version.source = storage::LabelSource::Model;
    version.modelId = modelId;
    const long long predicted = versions.save(version, test::generatedLabels(grid, 2));
    storage::repository::MetricsRepository(project.connection())
        .put(caseId, predicted, reference,
             {{1, 0.8, 3.5, 1.0}, {2, std::nullopt, std::nullopt, std::nullopt}});
    storage::repository::EmbeddingSet set;
    set.modelId = modelId;
    set.layer = "enc3";
    set.points = {{caseId, 17, 1, 3, 0.5, -1.5, {1.f, 2.f}}, {caseId, 99, 2, -1, 3.0, 4.0, {}}};
    storage::repository::EmbeddingRepository(project.connection()).add(set);
  }
  storage::Project project(temp.path() / "p");
  const auto runs = storage::repository::TrainingRunRepository(project.connection()).list();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].state, storage::RunState::Finished);
  EXPECT_FALSE(runs[0].finishedAt.empty());
  const auto epochs =
      storage::repository::TrainingRunRepository(project.connection()).epochs(runs[0].id);
  ASSERT_EQ(epochs.size(), 2u);
  EXPECT_EQ(epochs[1].second, R"({"dice":0.7})");
  const auto models = storage::repository::ModelRepository(project.connection()).list();
  ASSERT_EQ(models.size(), 1u);
  EXPECT_EQ(models[0].runId, runs[0].id);
  std::ifstream stored(temp.path() / "p" / models[0].checkpoint, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(stored), {}), "weights");
  storage::repository::LabelVersionRepository versions(project.connection());
  const auto history = versions.forCase(1);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].source, storage::LabelSource::Model);
  EXPECT_EQ(history[1].modelId, models[0].id);
  const auto scores = storage::repository::MetricsRepository(project.connection())
                          .get(history[1].id, history[0].id);
  ASSERT_EQ(scores.size(), 2u);
  EXPECT_DOUBLE_EQ(*scores[0].hd95, 3.5);
  EXPECT_FALSE(scores[1].dice.has_value());
  const auto set = storage::repository::EmbeddingRepository(project.connection()).get(1);
  ASSERT_EQ(set.points.size(), 2u);
  EXPECT_EQ(set.layer, "enc3");
  EXPECT_EQ(set.points[0].voxelIndex, 17);
  EXPECT_EQ(set.points[0].features, (std::vector<float>{1.f, 2.f}));
  EXPECT_EQ(set.points[0].predicted, 3);
  EXPECT_DOUBLE_EQ(set.points[1].y, 4.0);
}

TEST(ProjectTest, LabelOnAnotherGridIsRefusedAndNothingIsStored) {
  test::TempFolder temp;
  storage::Project project = storage::Project::create(temp.path() / "p", {});
  const long long caseId = test::addGeneratedCase(project, "c1", test::testGrid({24, 20, 8}), 1);
  storage::repository::LabelVersionRepository versions(project.connection());
  storage::repository::NewLabelVersion version;
  version.caseId = caseId;
  version.schemeId = project.schemeId();
  version.author = "a";
  EXPECT_THROW(versions.save(version, test::generatedLabels(test::testGrid({24, 20, 9}), 1)),
               storage::StorageError);
  EXPECT_TRUE(versions.forCase(caseId).empty());
  EXPECT_TRUE(storage::repository::AuditLog(project.connection()).entries(caseId).empty());
}

TEST(ProjectTest, OlderSchemaIsUpgradedOnOpen) {
  test::TempFolder temp;
  const auto folder = temp.path() / "p";
  storage::Project::create(folder, {});
  {
    storage::sql::Connection raw((folder / "project.sqlite").string(),
                                 storage::sql::OpenMode::ReadWrite);
    raw.execute(  // back to version 1: undo versions 7 to 2
        "DROP TABLE case_dicom; DROP TABLE uncertainty_maps; DROP TABLE draft_sources; DROP TABLE "
        "correction_organs; DROP TABLE corrections; DROP TABLE edit_sessions; "
        "DROP TRIGGER label_versions_annotated_immutable; DROP TABLE organ_reviews; "
        "ALTER TABLE label_versions DROP COLUMN annotated; "
        "ALTER TABLE embedding_points DROP COLUMN predicted; PRAGMA user_version = 1");
  }
  storage::Project upgraded(folder);
  EXPECT_EQ(upgraded.connection().pragmaInteger("user_version"), storage::kSchemaVersion);
  const long long caseId = test::addGeneratedCase(upgraded, "c1", test::testGrid({8, 8, 4}), 1);
  storage::repository::EmbeddingSet set;
  set.layer = "enc3";
  set.points = {{caseId, 5, 2, 2, 1.0, 2.0, {}}};
  const long long id = storage::repository::EmbeddingRepository(upgraded.connection()).add(set);
  EXPECT_EQ(
      storage::repository::EmbeddingRepository(upgraded.connection()).get(id).points[0].predicted,
      2);
}

TEST(ProjectTest, BackupIsAConsistentCopy) {
  test::TempFolder temp;
  storage::Project project = storage::Project::create(temp.path() / "p", {});
  const auto grid = test::testGrid({24, 20, 8});
  const long long caseId = test::addGeneratedCase(project, "c1", grid, 1);
  storage::repository::NewLabelVersion version;
  version.caseId = caseId;
  version.schemeId = project.schemeId();
  version.author = "a";
  storage::repository::LabelVersionRepository(project.connection())
      .save(version, test::generatedLabels(grid, 4));
  project.backupTo(temp.path() / "backup.sqlite");
  fs::create_directories(temp.path() / "restored");
  fs::copy_file(temp.path() / "backup.sqlite", temp.path() / "restored" / "project.sqlite");
  storage::Project restored(temp.path() / "restored");
  EXPECT_EQ(storage::repository::LabelVersionRepository(restored.connection()).load(1).voxels(),
            test::generatedLabels(grid, 4).voxels());
}

}  // namespace
}  // namespace voxsiam
