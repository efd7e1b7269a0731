#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/image/ImageReader.h"
#include "tests/support/DicomFixtures.h"
#include "tests/support/TestData.h"

namespace voxsiam::test {
namespace {

namespace fs = std::filesystem;

std::string quoted(const std::string& text) {
  return "'" + text + "'";
}

nlohmann::json listJson(const std::string& project) {
  const auto result = runVoxsiam("project list --json " + quoted(project));
  EXPECT_EQ(result.exitCode, 0) << result.err;
  return nlohmann::json::parse(result.out);
}

std::size_t countStatus(const nlohmann::json& list, const std::string& status) {
  std::size_t count = 0;
  for (const auto& entry : list["cases"]) count += entry["status"] == status;
  return count;
}

TEST(CliProject, DemoProjectHasEveryReviewStateAndIsNeverOverwritten) {
  TempFolder temp;
  const std::string project = temp.file("demo");
  const auto demo = runVoxsiam("demo --out " + quoted(project) + " --cases 8 --seed 3");
  ASSERT_EQ(demo.exitCode, 0) << demo.err;
  const auto list = listJson(project);
  ASSERT_EQ(list["cases"].size(), 8u);
  EXPECT_EQ(list["cases"][0]["name"], "phantom_000");
  EXPECT_EQ(countStatus(list, "approved"), 5u);
  EXPECT_EQ(countStatus(list, "in_review"), 2u);
  EXPECT_EQ(countStatus(list, "draft"), 1u);
  const auto again = runVoxsiam("demo --out " + quoted(project));
  EXPECT_EQ(again.exitCode, 1);
  EXPECT_NE(again.err.find("not empty"), std::string::npos) << again.err;
  EXPECT_EQ(listJson(project)["cases"].size(), 8u);
}

TEST(CliProject, ImportRealDataReviewAndExport) {
  TempFolder temp;
  const std::string project = temp.file("p");
  ASSERT_EQ(runVoxsiam("project create " + quoted(project) + " --title 'Real data'").exitCode, 0);
  const std::string pair = " --image " + quoted(dataPath("totalseg/ct.nii.gz")) + " --label " +
                           quoted(dataPath("totalseg/seg_totalseg_ids.nii.gz")) +
                           " --name totalseg --map totalseg --status in_review";
  const auto first = runVoxsiam("project import " + quoted(project) + pair);
  EXPECT_EQ(first.exitCode, 0) << first.err;
  EXPECT_EQ(first.out, "added totalseg\n");
  const auto second = runVoxsiam("project import " + quoted(project) + pair);
  EXPECT_EQ(second.out, "unchanged totalseg\n");
  {
    std::ofstream mapping(temp.file("seg_to_gibson8.json"));
    mapping << R"({"name": "seg", "from": "dcmqi", "to": "gibson8", "pairs": [[1, 5]]})";
  }
  const auto dicom = runVoxsiam(
      "project import " + quoted(project) + " " + quoted(dataPath("dcmqi")) +
      " --format dicom --status draft --map " + quoted(temp.file("seg_to_gibson8.json")));
  EXPECT_EQ(dicom.exitCode, 0) << dicom.err;

  auto list = listJson(project);
  EXPECT_EQ(list["title"], "Real data");
  ASSERT_EQ(list["cases"].size(), 2u);
  EXPECT_EQ(list["cases"][1]["name"], "totalseg");
  EXPECT_EQ(list["cases"][1]["status"], "in_review");
  EXPECT_EQ(list["cases"][0]["name"], "dcmqi");
  EXPECT_EQ(list["cases"][0]["status"], "draft");
  const auto version = std::to_string(list["cases"][1]["latest_version"].get<long long>());

  const auto nothingApproved =
      runVoxsiam("project export " + quoted(project) + " --out " + quoted(temp.file("before")));
  EXPECT_NE(nothingApproved.out.find("exported 0 cases"), std::string::npos);
  const auto approve = runVoxsiam("project review " + quoted(project) + " --version " + version +
                                  " --set approved --note ok");
  EXPECT_EQ(approve.exitCode, 0) << approve.err;
  const auto reject =
      runVoxsiam("project review " + quoted(project) + " --version " + version + " --set rejected");
  EXPECT_EQ(reject.exitCode, 1);
  EXPECT_NE(reject.err.find("cannot go from approved to rejected"), std::string::npos)
      << reject.err;

  const auto exported =
      runVoxsiam("project export " + quoted(project) + " --out " + quoted(temp.file("nnunet")));
  EXPECT_NE(exported.out.find("exported 1 cases"), std::string::npos) << exported.out;
  std::ifstream datasetFile(temp.file("nnunet") + "/dataset.json");
  const auto dataset = nlohmann::json::parse(datasetFile);
  EXPECT_EQ(dataset["labels"]["liver"], 5);
  EXPECT_EQ(dataset["numTraining"], 1);
  const auto exportedLabels =
      image::readLabelMap(temp.file("nnunet") + "/labelsTr/totalseg.nii.gz");
  std::size_t liver = 0;
  for (const auto id : exportedLabels.voxels()) liver += id == 5;
  EXPECT_EQ(liver, 41692u);
}

std::size_t voxelsOf(const std::string& labelFile, std::uint16_t id) {
  const auto labels = image::readLabelMap(labelFile);
  return std::size_t(std::count(labels.voxels().begin(), labels.voxels().end(), id));
}

TEST(CliProject, DicomSegLiverArrivesAsLiverThroughConvertAndImport) {
  TempFolder temp;
  const auto convert = runVoxsiam("convert " + quoted(dataPath("dcmqi/liver.dcm")) + " " +
                                  quoted(temp.file("seg.nii.gz")) + " --map identity");
  ASSERT_EQ(convert.exitCode, 0) << convert.err;
  EXPECT_EQ(voxelsOf(temp.file("seg.nii.gz"), 5), 107098u) << "gibson8 liver";
  EXPECT_EQ(voxelsOf(temp.file("seg.nii.gz"), 1), 0u) << "nothing becomes spleen";

  const std::string project = temp.file("p");
  ASSERT_EQ(runVoxsiam("project create " + quoted(project)).exitCode, 0);
  const auto imported =
      runVoxsiam("project import " + quoted(project) + " " + quoted(dataPath("dcmqi")));
  ASSERT_EQ(imported.exitCode, 0) << imported.err;
  const auto list = listJson(project);
  ASSERT_EQ(list["cases"].size(), 1u);
  EXPECT_EQ(list["cases"][0]["status"], "in_review") << "imports wait for review by default";
  const auto exported = runVoxsiam("project export " + quoted(project) + " --out " +
                                   quoted(temp.file("out")) + " --case dcmqi");
  ASSERT_EQ(exported.exitCode, 0) << exported.err;
  EXPECT_EQ(voxelsOf(temp.file("out/dcmqi_label.nii.gz"), 5), 107098u);
  EXPECT_EQ(voxelsOf(temp.file("out/dcmqi_label.nii.gz"), 1), 0u);

  test::copySegWithSegment(dataPath("dcmqi/liver.dcm"), temp.file("tumour.dcm"), "Tumour", "SCT",
                           "108369006", "Neoplasm");
  const auto refused = runVoxsiam("convert " + quoted(temp.file("tumour.dcm")) + " " +
                                  quoted(temp.file("t.nii.gz")) + " --map identity");
  EXPECT_EQ(refused.exitCode, 1);
  EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << refused.err;
  EXPECT_NE(refused.err.find("'Tumour'"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(temp.file("t.nii.gz")));
}

TEST(CliProject, BadInputGivesOneLineErrors) {
  TempFolder temp;
  const std::string project = temp.file("p");
  ASSERT_EQ(runVoxsiam("project create " + quoted(project)).exitCode, 0);
  const auto missing =
      runVoxsiam("project import " + quoted(project) + " " + quoted(temp.file("nope")));
  EXPECT_EQ(missing.exitCode, 1);
  EXPECT_EQ(missing.err, "voxsiam: " + temp.file("nope") + ": no such folder\n");
  const auto badStatus =
      runVoxsiam("project import " + quoted(project) + " --image x --status done");
  EXPECT_EQ(badStatus.exitCode, 2);
  EXPECT_NE(badStatus.err.find("allowed: draft, in_review, approved, rejected"), std::string::npos);
  const auto notProject = runVoxsiam("project list " + quoted(temp.path().string()));
  EXPECT_EQ(notProject.exitCode, 1);
  EXPECT_NE(notProject.err.find("not a VoxSiam project"), std::string::npos);
  const auto unmapped = runVoxsiam("project import " + quoted(project) + " --image " +
                                   quoted(dataPath("totalseg/ct.nii.gz")) + " --label " +
                                   quoted(dataPath("totalseg/seg_totalseg_ids.nii.gz")));
  EXPECT_EQ(unmapped.exitCode, 1);
  EXPECT_NE(unmapped.out.find("failed ct: "), std::string::npos) << unmapped.out;
  EXPECT_NE(unmapped.out.find("--map"), std::string::npos) << unmapped.out;
  EXPECT_EQ(listJson(project)["cases"].size(), 0u);
  const auto unknownAction = runVoxsiam("project frobnicate " + quoted(project));
  EXPECT_EQ(unknownAction.exitCode, 2);
}

}  // namespace
}  // namespace voxsiam::test

namespace voxsiam::test {
namespace {

TEST(CliProject, PartlyLabelledImportAndReviewOfSingleOrgans) {
  TempFolder temp;
  const std::string project = temp.file("p");
  ASSERT_EQ(runVoxsiam("project create " + quoted(project)).exitCode, 0);
  const std::string pair = " --image " + quoted(dataPath("totalseg/ct.nii.gz")) + " --label " +
                           quoted(dataPath("totalseg/seg_totalseg_ids.nii.gz")) +
                           " --name totalseg --map totalseg";
  const auto typo = runVoxsiam("project import " + quoted(project) + pair + " --annotated livre");
  EXPECT_EQ(typo.exitCode, 1);
  EXPECT_NE(typo.err.find("unknown organ 'livre'"), std::string::npos) << typo.err;
  EXPECT_EQ(std::count(typo.err.begin(), typo.err.end(), '\n'), 1) << typo.err;
  const auto imported =
      runVoxsiam("project import " + quoted(project) + pair + " --annotated liver,spleen");
  ASSERT_EQ(imported.exitCode, 0) << imported.err;
  const auto version =
      std::to_string(listJson(project)["cases"][0]["latest_version"].get<long long>());

  const auto notAnnotated = runVoxsiam("project review " + quoted(project) + " --version " +
                                       version + " --set approved --organ pancreas");
  EXPECT_EQ(notAnnotated.exitCode, 1);
  EXPECT_NE(notAnnotated.err.find("does not annotate organ"), std::string::npos)
      << notAnnotated.err;
  const auto reviewed = runVoxsiam("project review " + quoted(project) + " --version " + version +
                                   " --set approved --organ liver --note 'checked' --author dr");
  ASSERT_EQ(reviewed.exitCode, 0) << reviewed.err;
  EXPECT_EQ(reviewed.out, "label version " + version + ", liver: approved\n");
  const auto draftOrgan = runVoxsiam("project review " + quoted(project) + " --version " + version +
                                     " --set draft --organ liver");
  EXPECT_EQ(draftOrgan.exitCode, 1);
  EXPECT_NE(draftOrgan.err.find("approved or rejected"), std::string::npos) << draftOrgan.err;
}

}  // namespace
}  // namespace voxsiam::test
