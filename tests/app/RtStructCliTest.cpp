#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/image/ImageReader.h"
#include "tests/support/TestData.h"

namespace voxsiam::test {
namespace {

namespace fs = std::filesystem;

const char* const kOrgans[] = {"spleen",  "kidney_left", "gallbladder", "liver",
                               "stomach", "pancreas",    "duodenum"};

/// A project holding the shared CT with its labels as case "ts", and the case's RTSTRUCT.
struct SharedCtExport {
  std::string project;
  std::string rtstruct;
};

SharedCtExport exportSharedCt(const TempFolder& temp) {
  SharedCtExport result{temp.file("p"), temp.file("ts_rtstruct.dcm")};
  EXPECT_EQ(runVoxsiam("project create " + shellQuoted(result.project)).exitCode, 0);
  const auto imported = runVoxsiam("project import " + shellQuoted(result.project) + " --image " +
                                   shellQuoted(dataPath("totalseg/ct.nii.gz")) + " --label " +
                                   shellQuoted(dataPath("totalseg/seg_totalseg_ids.nii.gz")) +
                                   " --map totalseg --name ts");
  EXPECT_EQ(imported.exitCode, 0) << imported.err;
  const auto exported =
      runVoxsiam("project export " + shellQuoted(result.project) +
                 " --case ts --format rtstruct --out " + shellQuoted(result.rtstruct));
  EXPECT_EQ(exported.exitCode, 0) << exported.err;
  EXPECT_NE(exported.out.find("RTSTRUCT of label version 1"), std::string::npos) << exported.out;
  return result;
}

std::string exportedLabels(const TempFolder& temp, const std::string& project,
                           const std::string& caseName) {
  const auto exported = runVoxsiam("project export " + shellQuoted(project) + " --case " +
                                   caseName + " --out " + shellQuoted(temp.file("out")));
  EXPECT_EQ(exported.exitCode, 0) << exported.err;
  return temp.file("out/" + caseName + "_label.nii.gz");
}

nlohmann::json evalJson(const TempFolder& temp, const std::string& pred, const std::string& ref) {
  const auto eval = runVoxsiam("eval --pred " + shellQuoted(pred) + " --ref " + shellQuoted(ref) +
                               " --json " + shellQuoted(temp.file("eval.json")));
  EXPECT_EQ(eval.exitCode, 0) << eval.err;
  std::ifstream file(temp.file("eval.json"));
  return nlohmann::json::parse(file);
}

TEST(CliRtStruct, SharedCtLabelsRoundTripThroughContours) {
  TempFolder temp;
  const auto exported = exportSharedCt(temp);
  const auto back = runVoxsiam("project import " + shellQuoted(exported.project) + " --image " +
                               shellQuoted(dataPath("totalseg/ct.nii.gz")) + " --label " +
                               shellQuoted(exported.rtstruct) + " --name back");
  ASSERT_EQ(back.exitCode, 0) << back.err;
  const std::string original = exportedLabels(temp, exported.project, "ts");
  fs::rename(original, temp.file("original.nii.gz"));
  const auto scores =
      evalJson(temp, exportedLabels(temp, exported.project, "back"), temp.file("original.nii.gz"));
  for (const char* organ : kOrgans) {
    const double dice = scores[organ]["dice"].get<double>();
    const bool small = scores[organ]["ref_voxels"].get<double>() * 27.0 < 5000.0;  // 3 mm voxels
    EXPECT_GE(dice, small ? 0.90 : 0.97) << organ;
    EXPECT_EQ(scores[organ]["pred_voxels"], scores[organ]["ref_voxels"]) << organ;
  }

  const auto read = runShell(
      "/usr/bin/python3 -c \"import json,sys,pydicom\n"
      "d=pydicom.dcmread(sys.argv[1])\n"
      "c=[s for r in d.ROIContourSequence for s in r.ContourSequence]\n"
      "print(json.dumps({'modality':d.Modality,'names':[r.ROIName for r in "
      "d.StructureSetROISequence],'types':sorted({s.ContourGeometricType for s in c}),"
      "'planar':all(len({round(float(z),3) for z in s.ContourData[2::3]})==1 for s in c),"
      "'points':all(int(s.NumberOfContourPoints)*3==len(s.ContourData) for s in c)}))\" " +
      shellQuoted(exported.rtstruct));
  ASSERT_EQ(read.exitCode, 0) << read.err;
  const auto summary = nlohmann::json::parse(read.out);
  EXPECT_EQ(summary["modality"], "RTSTRUCT");
  EXPECT_EQ(summary["names"],
            nlohmann::json(std::vector<std::string>(std::begin(kOrgans), std::end(kOrgans))));
  EXPECT_EQ(summary["types"], nlohmann::json({"CLOSED_PLANAR"}));
  EXPECT_TRUE(summary["planar"].get<bool>()) << "every contour lies in one axial plane";
  EXPECT_TRUE(summary["points"].get<bool>());
}

TEST(CliRtStruct, RoiOutsideTheMappingIsNamedAndSkipped) {
  TempFolder temp;
  const auto exported = exportSharedCt(temp);
  const std::string renamed = temp.file("renamed.dcm");
  const auto rename = runShell(
      "/usr/bin/python3 -c \"import sys,pydicom\n"
      "d=pydicom.dcmread(sys.argv[1])\n"
      "[setattr(r,'ROIName','Tumour') for r in d.StructureSetROISequence if r.ROIName=='stomach']\n"
      "d.save_as(sys.argv[2])\" " +
      shellQuoted(exported.rtstruct) + " " + shellQuoted(renamed));
  ASSERT_EQ(rename.exitCode, 0) << rename.err;
  const auto imported = runVoxsiam("project import " + shellQuoted(exported.project) + " --image " +
                                   shellQuoted(dataPath("totalseg/ct.nii.gz")) + " --label " +
                                   shellQuoted(renamed) + " --name renamed");
  ASSERT_EQ(imported.exitCode, 0) << imported.err;
  EXPECT_NE(imported.err.find("'Tumour'"), std::string::npos) << imported.err;
  const auto labels = image::readLabelMap(exportedLabels(temp, exported.project, "renamed"));
  const auto count = [&](std::uint16_t id) {
    return std::count(labels.voxels().begin(), labels.voxels().end(), id);
  };
  EXPECT_EQ(count(6), 0) << "the renamed stomach is skipped";
  EXPECT_EQ(count(5), 41692) << "the rest imports";
  EXPECT_EQ(count(1), 9668);

  const auto noGrid = runVoxsiam("convert " + shellQuoted(renamed) + " " +
                                 shellQuoted(temp.file("x.nii.gz")) + " --map identity");
  EXPECT_EQ(noGrid.exitCode, 1);
  EXPECT_EQ(std::count(noGrid.err.begin(), noGrid.err.end(), '\n'), 1) << noGrid.err;
  EXPECT_NE(noGrid.err.find("--like"), std::string::npos) << noGrid.err;
  EXPECT_FALSE(fs::exists(temp.file("x.nii.gz")));
}

TEST(CliRtStruct, StudyFolderWithCtAndRtStructImportsTheContours) {
  TempFolder temp;
  const std::string project = temp.file("p");
  ASSERT_EQ(runVoxsiam("project create " + shellQuoted(project)).exitCode, 0);
  ASSERT_EQ(
      runVoxsiam("project import " + shellQuoted(project) + " " + shellQuoted(dataPath("dcmqi")))
          .exitCode,
      0);
  const std::string study = temp.file("study");
  fs::create_directories(study);
  for (const char* slice : {"ct-3slice_01.dcm", "ct-3slice_02.dcm", "ct-3slice_03.dcm"})
    fs::copy_file(dataPath(std::string("dcmqi/") + slice), study + "/" + slice);
  const auto exported =
      runVoxsiam("project export " + shellQuoted(project) +
                 " --case dcmqi --format rtstruct --out " + shellQuoted(study + "/rtstruct.dcm"));
  ASSERT_EQ(exported.exitCode, 0) << exported.err;

  const auto referenced = runShell(
      "/usr/bin/python3 -c \"import sys,pydicom\n"
      "d=pydicom.dcmread(sys.argv[1]);ct=pydicom.dcmread(sys.argv[2])\n"
      "s=d.ReferencedFrameOfReferenceSequence[0].RTReferencedStudySequence[0]"
      ".RTReferencedSeriesSequence[0]\n"
      "print(s.SeriesInstanceUID==ct.SeriesInstanceUID, d.StudyInstanceUID==ct.StudyInstanceUID,"
      " d.PatientID)\" " +
      shellQuoted(study + "/rtstruct.dcm") + " " + shellQuoted(study + "/ct-3slice_01.dcm"));
  EXPECT_EQ(referenced.out, "True True 99000\n") << referenced.err;

  const auto imported =
      runVoxsiam("project import " + shellQuoted(project) + " " + shellQuoted(study));
  ASSERT_EQ(imported.exitCode, 0) << imported.err;
  const auto labels = image::readLabelMap(exportedLabels(temp, project, "study"));
  EXPECT_EQ(std::count(labels.voxels().begin(), labels.voxels().end(), 5), 107098);
}

}  // namespace
}  // namespace voxsiam::test
