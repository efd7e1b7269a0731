#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/image/ImageReader.h"
#include "tests/support/TestData.h"

namespace voxsiam::test {
namespace {

namespace fs = std::filesystem;

/// pydicom's reading of a SEG file (tests/app/dicom_seg_summary.py).
nlohmann::json pydicomSummary(const std::string& seg) {
  const auto result = runShell("/usr/bin/python3 " VOXSIAM_TESTS_APP_DIR "/dicom_seg_summary.py " +
                               shellQuoted(seg));
  EXPECT_EQ(result.exitCode, 0) << result.err;
  return nlohmann::json::parse(result.out.empty() ? "{}" : result.out);
}

/// The label map the project's own SEG reader makes of `seg` on the grid of `like`.
image::LabelMap readBack(const TempFolder& temp, const std::string& seg, const std::string& like) {
  const std::string back = temp.file("back.nii.gz");
  const auto converted = runVoxsiam("convert " + shellQuoted(seg) + " " + shellQuoted(back) +
                                    " --map identity --like " + shellQuoted(like));
  EXPECT_EQ(converted.exitCode, 0) << converted.err;
  return image::readLabelMap(back);
}

std::size_t differingVoxels(const image::LabelMap& a, const image::LabelMap& b) {
  if (a.voxelCount() != b.voxelCount()) return std::max(a.voxelCount(), b.voxelCount());
  std::size_t differ = 0;
  for (std::size_t i = 0; i < a.voxelCount(); ++i) differ += a[i] != b[i];
  return differ;
}

/// Slices per organ id that hold the organ: the frames a SEG must have.
std::map<std::uint16_t, std::size_t> slicesPerOrgan(const image::LabelMap& labels) {
  std::map<std::uint16_t, std::set<std::size_t>> slices;
  const std::size_t plane = labels.size()[0] * labels.size()[1];
  for (std::size_t i = 0; i < labels.voxelCount(); ++i)
    if (labels[i] != 0) slices[labels[i]].insert(i / plane);
  std::map<std::uint16_t, std::size_t> counts;
  for (const auto& [id, set] : slices) counts[id] = set.size();
  return counts;
}

/// SOP Instance UID -> slice height (z of Image Position Patient) of the dcmqi CT slices.
std::map<std::string, double> sliceHeights() {
  const auto result = runShell(
      "/usr/bin/python3 -c \"import json,pydicom,sys;"
      "print(json.dumps({str(d.SOPInstanceUID): float(d.ImagePositionPatient[2]) for d in "
      "(pydicom.dcmread(f) for f in sys.argv[1:])}))\" " +
      shellQuoted(dataPath("dcmqi/ct-3slice_01.dcm")) + " " +
      shellQuoted(dataPath("dcmqi/ct-3slice_02.dcm")) + " " +
      shellQuoted(dataPath("dcmqi/ct-3slice_03.dcm")));
  EXPECT_EQ(result.exitCode, 0) << result.err;
  return nlohmann::json::parse(result.out.empty() ? "{}" : result.out)
      .get<std::map<std::string, double>>();
}

struct ExportedCase {
  std::string project;
  std::string labels;  ///< the version as NIfTI (the project's own export)
  std::string seg;     ///< the version as DICOM SEG
};

ExportedCase exportBoth(const TempFolder& temp, const std::string& project,
                        const std::string& caseName) {
  const auto nifti = runVoxsiam("project export " + shellQuoted(project) + " --case " + caseName +
                                " --out " + shellQuoted(temp.file("nifti")));
  EXPECT_EQ(nifti.exitCode, 0) << nifti.err;
  const std::string seg = temp.file("export/" + caseName + "_seg.dcm");
  const auto exported = runVoxsiam("project export " + shellQuoted(project) + " --case " +
                                   caseName + " --format dicom-seg --out " + shellQuoted(seg));
  EXPECT_EQ(exported.exitCode, 0) << exported.err;
  EXPECT_NE(exported.out.find("DICOM SEG of label version"), std::string::npos) << exported.out;
  return {project, temp.file("nifti/" + caseName + "_label.nii.gz"), seg};
}

TEST(CliDicomSeg, DcmqiLiverRoundTripsAndReferencesItsSourceSeries) {
  TempFolder temp;
  const std::string project = temp.file("p");
  ASSERT_EQ(runVoxsiam("project create " + shellQuoted(project)).exitCode, 0);
  const auto imported = runVoxsiam("project import " + shellQuoted(project) + " " +
                                   shellQuoted(dataPath("dcmqi")) + " --author 'Dr Reviewer'");
  ASSERT_EQ(imported.exitCode, 0) << imported.err;
  const auto checked = runVoxsiam("project check " + shellQuoted(project));
  EXPECT_EQ(checked.exitCode, 0) << "a DICOM case hashes as stored: " << checked.out << checked.err;
  const auto exported = exportBoth(temp, project, "dcmqi");
  const auto original = image::readLabelMap(exported.labels);
  EXPECT_EQ(differingVoxels(readBack(temp, exported.seg, exported.labels), original), 0u);
  const auto plain = runVoxsiam("convert " + shellQuoted(exported.seg) + " " +
                                shellQuoted(temp.file("plain.nii.gz")));
  ASSERT_EQ(plain.exitCode, 0) << plain.err;
  const auto segLabels = image::readLabelMap(temp.file("plain.nii.gz"));
  EXPECT_EQ(std::count(segLabels.voxels().begin(), segLabels.voxels().end(), 5), 107098)
      << "a SEG converts to organ ids without --map";

  const auto seg = pydicomSummary(exported.seg);
  EXPECT_EQ(seg["sop_class"], "1.2.840.10008.5.1.4.1.1.66.4");
  ASSERT_EQ(seg["segments"].size(), 1u);
  EXPECT_EQ(seg["segments"][0]["label"], "liver");
  EXPECT_EQ(seg["segments"][0]["category"]["value"], "123037004");
  EXPECT_EQ(seg["segments"][0]["type"]["scheme"], "SCT");
  EXPECT_EQ(seg["segments"][0]["type"]["value"], "10200004");
  EXPECT_EQ(seg["segments"][0]["algorithm_type"], "MANUAL");
  EXPECT_EQ(seg["content_creator"], "Dr Reviewer");
  EXPECT_NE(seg["content_description"].get<std::string>().find("in_review"), std::string::npos);

  const auto source = runShell(
      "/usr/bin/python3 -c \"import pydicom,sys;"
      "d=[pydicom.dcmread(f) for f in sys.argv[1:]];"
      "print(d[0].SeriesInstanceUID, d[0].StudyInstanceUID,"
      " d[0].FrameOfReferenceUID)\" " +
      shellQuoted(dataPath("dcmqi/ct-3slice_01.dcm")));
  ASSERT_EQ(source.exitCode, 0) << source.err;
  const std::string seriesUid = source.out.substr(0, source.out.find(' '));
  EXPECT_NE(source.out.find(seg["study_uid"].get<std::string>()), std::string::npos);
  EXPECT_NE(source.out.find(seg["frame_of_reference"].get<std::string>()), std::string::npos);
  ASSERT_EQ(seg["referenced_series"].size(), 1u);
  EXPECT_EQ(seg["referenced_series"][0]["uid"], seriesUid);
  EXPECT_EQ(seg["referenced_series"][0]["instances"].size(), 3u);
  EXPECT_NE(seg["series_uid"], seriesUid) << "the SEG is a series of its own";

  EXPECT_EQ(seg["number_of_frames"], 3);
  ASSERT_EQ(seg["frames"].size(), 3u);
  std::set<double> heights;
  std::size_t liver = 0;
  for (const auto& frame : seg["frames"]) {
    heights.insert(frame["position"][2].get<double>());
    liver += frame["voxels"].get<std::size_t>();
    EXPECT_TRUE(frame.contains("source_instance")) << frame.dump();
  }
  EXPECT_EQ(heights.size(), 3u) << "one frame per slice";
  EXPECT_EQ(liver, 107098u);
  const auto slices = sliceHeights();
  for (const auto& frame : seg["frames"]) {
    const std::string instance = frame["source_instance"];
    ASSERT_TRUE(slices.count(instance)) << instance;
    EXPECT_NEAR(slices.at(instance), frame["position"][2].get<double>(), 1e-3)
        << "the frame references the slice at its own height";
  }
}

TEST(CliDicomSeg, DicomIdentityIsListedAndAnonymisedImportsKeepNone) {
  TempFolder temp;
  const std::string plain = temp.file("plain"), anonymous = temp.file("anonymous");
  for (const auto& [project, option] :
       {std::pair{plain, std::string()}, std::pair{anonymous, std::string(" --anonymise")}}) {
    ASSERT_EQ(runVoxsiam("project create " + shellQuoted(project)).exitCode, 0);
    const auto imported = runVoxsiam("project import " + shellQuoted(project) + " " +
                                     shellQuoted(dataPath("dcmqi")) + option);
    ASSERT_EQ(imported.exitCode, 0) << imported.err;
  }
  const auto listed = runVoxsiam("project list --json " + shellQuoted(plain));
  const auto dicom = nlohmann::json::parse(listed.out)["cases"][0]["dicom"];
  EXPECT_EQ(dicom["patient_id"], "99000");
  EXPECT_EQ(dicom["study_date"], "20030417");
  const auto text = runVoxsiam("project list " + shellQuoted(plain));
  EXPECT_NE(text.out.find("DICOM 99000 20030417"), std::string::npos) << text.out;

  const auto hidden =
      nlohmann::json::parse(runVoxsiam("project list --json " + shellQuoted(anonymous)).out);
  const std::string pseudonym = hidden["cases"][0]["dicom"]["patient_id"];
  EXPECT_EQ(pseudonym.rfind("ANON-", 0), 0u) << pseudonym;
  EXPECT_EQ(hidden["cases"][0]["dicom"]["study_date"], "");
  const std::string seg = temp.file("anonymous.dcm");
  ASSERT_EQ(runVoxsiam("project export " + shellQuoted(anonymous) +
                       " --case dcmqi --format dicom-seg --out " + shellQuoted(seg))
                .exitCode,
            0);
  const auto summary = pydicomSummary(seg);
  EXPECT_EQ(summary["patient_id"], pseudonym);
  const auto slices = sliceHeights();
  ASSERT_EQ(summary["referenced_series"].size(), 1u);
  for (const auto& instance : summary["referenced_series"][0]["instances"])
    EXPECT_EQ(slices.count(instance.get<std::string>()), 0u) << "instance UIDs are new";
  const auto database = runShell("grep -c -a -e 99000 -e JANCT000 -e 20030417 " +
                                 shellQuoted(anonymous + "/project.sqlite"));
  EXPECT_EQ(database.out, "0\n") << "no patient data in the anonymised project's database";
  const auto path = runShell("grep -c -a -F " + shellQuoted(dataPath("dcmqi")) + " " +
                             shellQuoted(anonymous + "/project.sqlite"));
  EXPECT_EQ(path.out, "0\n") << "nor the path it came from";
}

TEST(CliDicomSeg, TotalSegmentatorOrgansRoundTripAsOneSegmentEach) {
  TempFolder temp;
  const std::string project = temp.file("p");
  ASSERT_EQ(runVoxsiam("project create " + shellQuoted(project)).exitCode, 0);
  const auto imported = runVoxsiam("project import " + shellQuoted(project) + " --image " +
                                   shellQuoted(dataPath("totalseg/ct.nii.gz")) + " --label " +
                                   shellQuoted(dataPath("totalseg/seg_totalseg_ids.nii.gz")) +
                                   " --name ts --map totalseg");
  ASSERT_EQ(imported.exitCode, 0) << imported.err;
  const auto exported = exportBoth(temp, project, "ts");
  const auto original = image::readLabelMap(exported.labels);
  EXPECT_EQ(differingVoxels(readBack(temp, exported.seg, exported.labels), original), 0u);

  const auto seg = pydicomSummary(exported.seg);
  const std::map<std::string, std::string> snomed = {
      {"spleen", "78961009"},  {"kidney_left", "64033007"}, {"gallbladder", "28231008"},
      {"liver", "10200004"},   {"stomach", "69695003"},     {"pancreas", "15776009"},
      {"duodenum", "38848004"}};
  ASSERT_EQ(seg["segments"].size(), snomed.size()) << "the esophagus is absent in this scan";
  std::map<int, std::string> labelOfSegment;
  for (const auto& segment : seg["segments"]) {
    const std::string label = segment["label"];
    ASSERT_TRUE(snomed.count(label)) << label;
    EXPECT_EQ(segment["type"]["value"], snomed.at(label)) << label;
    labelOfSegment[segment["number"].get<int>()] = label;
  }
  const auto kidney = std::find_if(seg["segments"].begin(), seg["segments"].end(),
                                   [](const auto& s) { return s["label"] == "kidney_left"; });
  EXPECT_EQ((*kidney)["modifier"]["value"], "7771000") << "left";
  EXPECT_TRUE(seg["referenced_series"].empty()) << "a NIfTI case references no series";
  const std::string rtstruct = temp.file("ts_rt.dcm");
  ASSERT_EQ(runVoxsiam("project export " + shellQuoted(project) +
                       " --case ts --format rtstruct --out " + shellQuoted(rtstruct))
                .exitCode,
            0);
  const auto rt = runShell(
      "/usr/bin/python3 -c \"import sys,pydicom;d=pydicom.dcmread(sys.argv[1]);"
      "print(d.StudyInstanceUID, d.ReferencedFrameOfReferenceSequence[0]"
      ".FrameOfReferenceUID)\" " +
      shellQuoted(rtstruct));
  EXPECT_EQ(rt.out, seg["study_uid"].get<std::string>() + " " +
                        seg["frame_of_reference"].get<std::string>() + "\n")
      << "the SEG and the RTSTRUCT of one case share study and frame of reference";
  const auto listed =
      nlohmann::json::parse(runVoxsiam("project list --json " + shellQuoted(project)).out);
  EXPECT_FALSE(listed["cases"][0].contains("dicom")) << "a made identity is not listed as a study";
  const auto evalContours =
      runVoxsiam("eval --pred " + shellQuoted(rtstruct) + " --ref " + shellQuoted(exported.labels));
  ASSERT_EQ(evalContours.exitCode, 0)
      << "eval fills an RTSTRUCT on the other grid: " << evalContours.err;
  EXPECT_NE(evalContours.out.find("mean                      1.0000"), std::string::npos)
      << evalContours.out;

  const auto expectedSlices = slicesPerOrgan(original);
  std::size_t frames = 0;
  for (const auto& [id, count] : expectedSlices) frames += count;
  EXPECT_EQ(seg["number_of_frames"].get<std::size_t>(), frames);
  std::map<std::string, std::size_t> voxelsPerSegment;
  for (const auto& frame : seg["frames"])
    voxelsPerSegment[labelOfSegment[frame["segment"].get<int>()]] +=
        frame["voxels"].get<std::size_t>();
  EXPECT_EQ(voxelsPerSegment["spleen"], 9668u);
  EXPECT_EQ(voxelsPerSegment["liver"], 41692u);
  EXPECT_EQ(voxelsPerSegment["duodenum"], 2319u);
}

TEST(CliDicomSeg, ExportRefusalsAreOneLineAndLeaveNoFile) {
  TempFolder temp;
  const std::string project = temp.file("p");
  ASSERT_EQ(runVoxsiam("project create " + shellQuoted(project)).exitCode, 0);
  ASSERT_EQ(runVoxsiam("project import " + shellQuoted(project) + " --image " +
                       shellQuoted(dataPath("totalseg/ct.nii.gz")) + " --name bare")
                .exitCode,
            0);
  const std::string seg = temp.file("bare.dcm");
  for (const std::string& args :
       {" --case bare --format dicom-seg --out " + shellQuoted(seg),
        " --case bare --format dicom-seg --out " + shellQuoted(project + "/project.sqlite"),
        " --case bare --out " + shellQuoted(project + "/volumes"),
        " --case nobody --format dicom-seg --out " + shellQuoted(seg),
        " --case bare --format dicom-sr --out " + shellQuoted(seg)}) {
    const auto refused = runVoxsiam("project export " + shellQuoted(project) + args);
    EXPECT_NE(refused.exitCode, 0) << args;
    EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << refused.err;
    EXPECT_FALSE(fs::exists(seg)) << args;
    EXPECT_FALSE(fs::exists(seg + ".partial")) << args;
  }
  const auto check = runVoxsiam("project check " + shellQuoted(project));
  EXPECT_EQ(check.exitCode, 0) << "exports into the project folder are refused: " << check.out;
}

}  // namespace
}  // namespace voxsiam::test
