#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>

#include "tests/support/DicomFixtures.h"
#include "tests/support/NiftiBytes.h"
#include "tests/support/TestData.h"

namespace voxsiam::test {
namespace {

namespace fs = std::filesystem;

/// Bad input must give exit code 1 or 2 and exactly one stderr line naming `path`, no crash.
void expectOneLineError(const ProcessResult& result, const std::string& path,
                        const std::string& problemWord) {
  EXPECT_TRUE(result.exitCode == 1 || result.exitCode == 2)
      << "exit " << result.exitCode << ": " << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_EQ(result.err.rfind("voxsiam", 0), 0u) << result.err;
  EXPECT_NE(result.err.find(path), std::string::npos) << "names the file: " << result.err;
  EXPECT_NE(result.err.find(problemWord), std::string::npos) << "says what: " << result.err;
}

void writeBytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string readBytes(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), {}};
}

class BadInput : public ::testing::Test {
 protected:
  /// `voxsiam info PATH` and `voxsiam convert PATH OUT` both fail cleanly and write nothing.
  void expectRejected(const std::string& path, const std::string& problemWord) {
    expectOneLineError(runVoxsiam("info '" + path + "'"), path, problemWord);
    const std::string out = folder.file("out.nii.gz");
    expectOneLineError(runVoxsiam("convert '" + path + "' " + out), path, problemWord);
    EXPECT_FALSE(fs::exists(out));
  }
  TempFolder folder;
};

TEST_F(BadInput, EmptyFile) {
  writeBytes(folder.file("empty.nii.gz"), "");
  expectRejected(folder.file("empty.nii.gz"), "empty");
}

TEST_F(BadInput, TruncatedNiftiGz) {
  const std::string whole = readBytes(dataPath("totalseg/ct.nii.gz"));
  writeBytes(folder.file("half.nii.gz"), whole.substr(0, whole.size() / 2));
  expectRejected(folder.file("half.nii.gz"), "truncated");
}

TEST_F(BadInput, TruncatedCompressedMetaImageAndNrrd) {
  for (const char* name : {"ct.mha", "ct.nrrd"}) {
    ASSERT_EQ(runVoxsiam("convert '" + dataPath("totalseg/ct.nii.gz") + "' " + folder.file(name))
                  .exitCode,
              0);
    const std::string whole = readBytes(folder.file(name));
    writeBytes(folder.file(std::string("cut_") + name), whole.substr(0, whole.size() / 2));
    expectRejected(folder.file(std::string("cut_") + name), "truncated");
  }
}

TEST_F(BadInput, RandomBytes) {
  std::mt19937 random(1);
  std::string noise(4096, '\0');
  for (char& c : noise) c = static_cast<char>(random());
  writeBytes(folder.file("noise.nii.gz"), noise);
  expectRejected(folder.file("noise.nii.gz"), "not a readable image");
  writeBytes(folder.file("noise.bin"), noise);
  expectRejected(folder.file("noise.bin"), "not a readable image");
}

TEST_F(BadInput, HeaderClaimingHugeSize) {
  writeRawNifti(folder.file("huge.nii"), {30000, 30000, 30000}, NiftiType::Int16, {1, 1, 1},
                std::vector<unsigned char>(64, 0));
  expectRejected(folder.file("huge.nii"), "30000x30000x30000");
}

TEST_F(BadInput, TruncatedRawNifti) {
  writeRawNifti(folder.file("short.nii"), {64, 64, 64}, NiftiType::Int16, {1, 1, 1},
                std::vector<unsigned char>(1000, 0));
  expectRejected(folder.file("short.nii"), "short.nii");
}

TEST_F(BadInput, MissingPath) {
  expectRejected(folder.file("nowhere.nii.gz"), "no such file");
}

TEST_F(BadInput, FolderWithoutDicom) {
  fs::create_directory(folder.file("docs"));
  writeBytes(folder.file("docs/readme.txt"), "hello");
  expectRejected(folder.file("docs"), "no DICOM");
}

TEST_F(BadInput, DicomFolderWithTwoEqualSeries) {
  fs::create_directory(folder.file("two"));
  for (const char* slice : {"ct-3slice_01.dcm", "ct-3slice_02.dcm", "ct-3slice_03.dcm"}) {
    const std::string source = dataPath(std::string("dcmqi/") + slice);
    fs::copy(source, folder.file(std::string("two/") + slice));
    copyAsOtherSeries(source, folder.file(std::string("two/b_") + slice), "1.2.826.0.1.55",
                      slice[11]);
  }
  expectRejected(folder.file("two"), "--series");
}

TEST_F(BadInput, FourDimensionalImageAsLabel) {
  const std::string path = folder.file("four.nii");
  writeRawNifti(path, {4, 4, 4, 2}, NiftiType::UInt8, {1, 1, 1},
                std::vector<unsigned char>(128, 1));
  expectOneLineError(runVoxsiam("eval --pred " + path + " --ref " + path), path, "4-D");
  expectOneLineError(
      runVoxsiam("convert " + path + " " + folder.file("o.nii.gz") + " --map identity"), path,
      "4-D");
  EXPECT_FALSE(fs::exists(folder.file("o.nii.gz")));
}

TEST_F(BadInput, FloatValuedLabels) {
  const std::string path = folder.file("float.nii");
  std::vector<float> values(27, 2.f);
  values[13] = 2.5f;
  writeRawNifti(path, {3, 3, 3}, NiftiType::Float32, {1, 1, 1}, bytesOf(values));
  expectOneLineError(runVoxsiam("eval --pred " + path + " --ref " + path), path, "non-integer");
}

TEST_F(BadInput, PredAndRefWithDifferentGeometry) {
  const std::string pred = dataPath("amos/amos_0013_label.nii.gz");
  const std::string ref = dataPath("totalseg/seg_totalseg_ids.nii.gz");
  expectOneLineError(
      runVoxsiam("eval --pred '" + pred + "' --ref '" + ref + "' --json " + folder.file("r.json")),
      pred, "differs");
  EXPECT_FALSE(fs::exists(folder.file("r.json")));
}

TEST_F(BadInput, NanAndInfiniteVoxels) {
  std::vector<float> values(27, 40.f);
  values[3] = std::numeric_limits<float>::infinity();
  values[9] = std::nanf("");
  writeRawNifti(folder.file("nan.nii"), {3, 3, 3}, NiftiType::Float32, {1, 1, 1}, bytesOf(values));
  expectRejected(folder.file("nan.nii"), "2 NaN or infinite");
}

TEST_F(BadInput, UnwritableOutputLeavesNothing) {
  const std::string out = folder.file("no/such/dir/out.nii.gz");
  expectOneLineError(runVoxsiam("convert '" + dataPath("dcmqi/liver_spine_seg.nrrd") + "' " + out),
                     out, "cannot write");
  EXPECT_FALSE(fs::exists(folder.file("no")));
}

}  // namespace
}  // namespace voxsiam::test
