#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/image/ImageReader.h"
#include "core/image/ImageWriter.h"
#include "core/image/LabelScheme.h"
#include "tests/support/TestData.h"

namespace voxsiam::test {
namespace {

namespace fs = std::filesystem;

/// TotalSegmentator's output for the shared CT: one NAME.nii.gz per structure present (its v2
/// names), made from the single-file label map. Returns the number of files written.
std::size_t writeTotalSegmentatorFolder(const std::string& folder) {
  fs::create_directories(folder);
  const auto labels = image::readLabelMap(dataPath("totalseg/seg_totalseg_ids.nii.gz"));
  const std::set<std::uint16_t> present(labels.voxels().begin(), labels.voxels().end());
  const auto scheme = image::LabelScheme::builtin("totalseg_v2");
  std::size_t written = 0;
  for (const auto& entry : scheme.entries()) {
    if (entry.id == 0 || !present.count(entry.id)) continue;
    image::LabelMap mask(labels.geometry());
    for (std::size_t i = 0; i < labels.voxelCount(); ++i) mask[i] = labels[i] == entry.id;
    image::writeLabelMap(mask, folder + "/" + entry.name + ".nii.gz");
    ++written;
  }
  return written;
}

std::vector<std::size_t> gibson8Counts(const image::LabelMap& labels) {
  std::vector<std::size_t> counts(9, 0);
  for (const auto id : labels.voxels())
    if (id < counts.size()) ++counts[id];
  return {counts.begin() + 1, counts.end()};
}

const std::vector<std::size_t> kSharedCtCounts = {9668, 5090, 1319, 0, 41692, 4836, 695, 2319};

image::LabelMap exportedLabels(const TempFolder& temp, const std::string& project,
                               const std::string& caseName) {
  const auto exported =
      runVoxsiam("project export " + shellQuoted(project) + " --case " + caseName + " --out " +
                 shellQuoted(temp.file("out_" + caseName)));
  EXPECT_EQ(exported.exitCode, 0) << exported.err;
  return image::readLabelMap(temp.file("out_" + caseName + "/" + caseName + "_label.nii.gz"));
}

TEST(CliMaskFolder, TotalSegmentatorFolderImportsAsTheSingleFileMapDoes) {
  TempFolder temp;
  const std::string folder = temp.file("segmentations");
  ASSERT_GE(writeTotalSegmentatorFolder(folder), 8u);
  const std::string project = temp.file("p");
  ASSERT_EQ(runVoxsiam("project create " + shellQuoted(project)).exitCode, 0);
  const std::string image = " --image " + shellQuoted(dataPath("totalseg/ct.nii.gz"));
  const auto single = runVoxsiam("project import " + shellQuoted(project) + image + " --label " +
                                 shellQuoted(dataPath("totalseg/seg_totalseg_ids.nii.gz")) +
                                 " --map totalseg --name single");
  ASSERT_EQ(single.exitCode, 0) << single.err;
  const auto byScheme = runVoxsiam("project import " + shellQuoted(project) + image + " --label " +
                                   shellQuoted(folder) + " --map totalseg --name by_mapping");
  ASSERT_EQ(byScheme.exitCode, 0) << byScheme.err;
  const auto byName = runVoxsiam("project import " + shellQuoted(project) + image + " --label " +
                                 shellQuoted(folder) + " --name by_name");
  ASSERT_EQ(byName.exitCode, 0) << byName.err;
  EXPECT_NE(byName.err.find("'aorta'"), std::string::npos)
      << "structures outside the scheme are named: " << byName.err;

  EXPECT_EQ(gibson8Counts(exportedLabels(temp, project, "single")), kSharedCtCounts);
  EXPECT_EQ(gibson8Counts(exportedLabels(temp, project, "by_mapping")), kSharedCtCounts);
  EXPECT_EQ(gibson8Counts(exportedLabels(temp, project, "by_name")), kSharedCtCounts);
}

TEST(CliMaskFolder, FolderOfCtAndSegmentationsIsOneCaseAndEvalInput) {
  TempFolder temp;
  const std::string study = temp.file("study");
  ASSERT_GE(writeTotalSegmentatorFolder(study + "/segmentations"), 8u);
  fs::copy_file(dataPath("totalseg/ct.nii.gz"), study + "/ct.nii.gz");
  const std::string project = temp.file("p");
  ASSERT_EQ(runVoxsiam("project create " + shellQuoted(project)).exitCode, 0);
  const auto imported = runVoxsiam("project import " + shellQuoted(project) + " " +
                                   shellQuoted(study) + " --map totalseg");
  ASSERT_EQ(imported.exitCode, 0) << imported.err;
  EXPECT_EQ(imported.out.rfind("added study", 0), 0u) << "named after its folder: " << imported.out;
  EXPECT_EQ(gibson8Counts(exportedLabels(temp, project, "study")), kSharedCtCounts);
  const auto renamed = runVoxsiam("project import " + shellQuoted(project) + " " +
                                  shellQuoted(study) + " --map totalseg --name case02");
  EXPECT_EQ(renamed.out, "added case02\n")
      << "--name names a folder's one case: " << renamed.err;

  const auto eval = runVoxsiam("eval --pred " + shellQuoted(study + "/segmentations") +
                               " --map-pred totalseg --ref " +
                               shellQuoted(dataPath("totalseg/seg_totalseg_ids.nii.gz")) +
                               " --map-ref totalseg --json " + shellQuoted(temp.file("eval.json")));
  ASSERT_EQ(eval.exitCode, 0) << eval.err;
  std::ifstream file(temp.file("eval.json"));
  const auto scores = nlohmann::json::parse(file);
  EXPECT_DOUBLE_EQ(scores["liver"]["dice"].get<double>(), 1.0) << scores.dump();
  EXPECT_DOUBLE_EQ(scores["mean"]["dice"].get<double>(), 1.0) << scores.dump();

  const auto converted = runVoxsiam("convert " + shellQuoted(study + "/segmentations") + " " +
                                    shellQuoted(temp.file("one.nii.gz")) + " --map totalseg");
  ASSERT_EQ(converted.exitCode, 0) << converted.err;
  EXPECT_EQ(gibson8Counts(image::readLabelMap(temp.file("one.nii.gz"))), kSharedCtCounts);
  const auto byName = runVoxsiam("convert " + shellQuoted(study + "/segmentations") + " " +
                                 shellQuoted(temp.file("named.nii.gz")));
  ASSERT_EQ(byName.exitCode, 0) << "a mask folder is labels without --map: " << byName.err;
  EXPECT_EQ(gibson8Counts(image::readLabelMap(temp.file("named.nii.gz"))), kSharedCtCounts);

  fs::create_directories(temp.file("empty"));
  const auto empty = runVoxsiam("convert " + shellQuoted(temp.file("empty")) + " " +
                                shellQuoted(temp.file("e.nii.gz")) + " --map identity");
  EXPECT_EQ(empty.exitCode, 1);
  EXPECT_NE(empty.err.find("neither a DICOM series nor mask files"), std::string::npos)
      << empty.err;
}

/// Writes the dcmqi CT slices as a DICOM series of a binary mask (rows r0..r1, columns c0..c1
/// set in every slice) into `folder`.
void writeDicomMaskSeries(const std::string& folder, int r0, int r1, int c0, int c1) {
  fs::create_directories(folder);
  const auto result = runShell(
      "/usr/bin/python3 -c \"import sys,numpy,pydicom\n"
      "from pydicom.uid import generate_uid\n"
      "series=generate_uid()\n"
      "for n,f in enumerate(sys.argv[6:]):\n"
      "  d=pydicom.dcmread(f)\n"
      "  m=numpy.zeros((d.Rows,d.Columns),numpy.uint16)\n"
      "  m[int(sys.argv[2]):int(sys.argv[3]),int(sys.argv[4]):int(sys.argv[5])]=1\n"
      "  d.PixelData=m.tobytes();d.BitsAllocated=16;d.BitsStored=16;d.HighBit=15\n"
      "  d.PixelRepresentation=0;d.RescaleSlope=1;d.RescaleIntercept=0\n"
      "  d.SeriesInstanceUID=series;d.SOPInstanceUID=generate_uid()\n"
      "  d.save_as(sys.argv[1]+'/mask%d.dcm'%n)\" " +
      shellQuoted(folder) + " " + std::to_string(r0) + " " + std::to_string(r1) + " " +
      std::to_string(c0) + " " + std::to_string(c1) + " " +
      shellQuoted(dataPath("dcmqi/ct-3slice_01.dcm")) + " " +
      shellQuoted(dataPath("dcmqi/ct-3slice_02.dcm")) + " " +
      shellQuoted(dataPath("dcmqi/ct-3slice_03.dcm")));
  ASSERT_EQ(result.exitCode, 0) << result.err;
}

TEST(CliMaskFolder, DicomMaskSeriesPerOrganAreNamedByFolder) {
  TempFolder temp;
  const std::string masks = temp.file("masks");
  writeDicomMaskSeries(masks + "/Liver", 100, 200, 150, 300);
  writeDicomMaskSeries(masks + "/Kidney_L", 300, 340, 320, 350);
  writeDicomMaskSeries(masks + "/Tumour", 10, 20, 10, 20);
  writeDicomMaskSeries(masks + "/left kidney", 340, 350, 320, 350);
  const std::string project = temp.file("p");
  ASSERT_EQ(runVoxsiam("project create " + shellQuoted(project)).exitCode, 0);
  const auto imported = runVoxsiam("project import " + shellQuoted(project) + " --image " +
                                   shellQuoted(dataPath("dcmqi")) + " --label " +
                                   shellQuoted(masks) + " --name masks");
  ASSERT_EQ(imported.exitCode, 0) << imported.err;
  EXPECT_NE(imported.err.find("'Tumour'"), std::string::npos) << imported.err;
  EXPECT_NE(imported.err.find("'Kidney_L' and 'left kidney' are all kidney_left: merged"),
            std::string::npos)
      << imported.err;
  const auto counts = gibson8Counts(exportedLabels(temp, project, "masks"));
  EXPECT_EQ(counts[4], 3u * 100 * 150) << "liver";
  EXPECT_EQ(counts[1], 3u * 50 * 30) << "left kidney, by its alias Kidney_L and by its words";
  EXPECT_EQ(counts[0] + counts[2] + counts[3] + counts[5] + counts[6] + counts[7], 0u);
}

}  // namespace
}  // namespace voxsiam::test
