// Hostile and broken input found by fuzzing the command line: each test is one example of a class
// (huge grids, writing where the user did not say, values that wrap) and checks the promise: exit 1
// or 2, one stderr line naming the input, nothing written or replaced.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <tuple>

#include "storage/Project.h"
#include "storage/sql/Connection.h"
#include "storage/sql/Statement.h"
#include "tests/support/NiftiBytes.h"
#include "tests/support/StoredLabelTampering.h"
#include "tests/support/TestData.h"

namespace voxsiam::test {
namespace {

namespace fs = std::filesystem;

std::string quoted(const std::string& text) {
  return "'" + text + "'";
}

std::size_t lines(const std::string& text) {
  return std::size_t(std::count(text.begin(), text.end(), '\n'));
}

void expectRefused(const ProcessResult& result, const std::string& named, const std::string& word) {
  EXPECT_TRUE(result.exitCode == 1 || result.exitCode == 2) << result.exitCode << " " << result.err;
  EXPECT_EQ(lines(result.err), 1u) << result.err;
  EXPECT_NE(result.err.find(named), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(word), std::string::npos) << result.err;
}

void writeText(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string readText(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), {}};
}

/// A 4x4x4 MetaImage (raw int16 data beside it) with the given ElementSpacing.
std::string metaImage(TempFolder& temp, const std::string& name, const std::string& spacing) {
  writeText(temp.file(name + ".raw"), std::string(4 * 4 * 4 * 2, '\0'));
  writeText(temp.file(name + ".mhd"),
            "ObjectType = Image\nNDims = 3\nDimSize = 4 4 4\nElementSpacing = " + spacing +
                "\nElementType = MET_SHORT\nElementDataFile = " + name + ".raw\n");
  return temp.file(name + ".mhd");
}

TEST(HostileInput, SpacingsThatWouldMakeAGridTooLargeAreRefused) {
  TempFolder temp;
  for (const std::string spacing : {"1e300 1e300 1e300", "2.9e17 1 1"}) {
    const std::string image = metaImage(temp, "huge", spacing);
    const auto result = runVoxsiam("convert " + quoted(image) + " " +
                                   quoted(temp.file("out.nii.gz")) + " --spacing 1");
    expectRefused(result, image, "spacing");
    EXPECT_FALSE(fs::exists(temp.file("out.nii.gz")));
  }
  // A fine grid over a real scan that would need more voxels than the limit.
  const auto fine = runVoxsiam("convert " + quoted(dataPath("totalseg/ct.nii.gz")) + " " +
                               quoted(temp.file("fine.nii.gz")) + " --spacing 0.02");
  expectRefused(fine, "ct.nii.gz", "voxels");
}

TEST(HostileInput, CaseNamesThatLeaveTheFolderAreRefusedAtImport) {
  TempFolder temp;
  const std::string project = temp.file("p");
  ASSERT_EQ(runVoxsiam("project create " + quoted(project)).exitCode, 0);
  for (const std::string name : {"../escape", "/tmp/absolute", "a/b", "..", ".hidden", "-rf"}) {
    const auto result =
        runVoxsiam("project import " + quoted(project) + " --image " +
                   quoted(dataPath("totalseg/ct.nii.gz")) + " --name " + quoted(name));
    EXPECT_EQ(result.exitCode, 1) << name << ": " << result.err;
    EXPECT_NE(result.out.find("case name"), std::string::npos) << name << ": " << result.out;
  }
  const auto newline =
      runVoxsiam("project import " + quoted(project) + " --image " +
                 quoted(dataPath("totalseg/ct.nii.gz")) + " --name \"$(printf 'two\\nlines')\"");
  EXPECT_EQ(newline.exitCode, 1) << newline.out;
  storage::Project opened(project);
  EXPECT_TRUE(fs::is_empty(fs::path(project) / "volumes")) << "refused cases left images";
}

TEST(HostileInput, StoredNamesWithPathsAreExportedInsideTheOutputFolder) {
  TempFolder temp;
  const std::string project = temp.file("p");
  ASSERT_EQ(runVoxsiam("project create " + quoted(project)).exitCode, 0);
  ASSERT_EQ(runVoxsiam("project import " + quoted(project) + " --image " +
                       quoted(dataPath("totalseg/ct.nii.gz")) + " --label " +
                       quoted(dataPath("totalseg/seg_totalseg_ids.nii.gz")) +
                       " --map totalseg --status approved --name good")
                .exitCode,
            0);
  {
    storage::Project opened(project);
    storage::sql::Statement rename(opened.connection(), "UPDATE cases SET name = ? WHERE name = ?");
    rename.bind(1, std::string("../../escaped"));
    rename.bind(2, std::string("good"));
    rename.run();
  }
  const std::string out = temp.file("export");
  const auto single = runVoxsiam("project export " + quoted(project) + " --out " + quoted(out) +
                                 " --case ../../escaped");
  EXPECT_EQ(single.exitCode, 0) << single.err;
  const auto all = runVoxsiam("project export " + quoted(project) + " --out " + quoted(out + "2"));
  EXPECT_EQ(all.exitCode, 0) << all.err;
  EXPECT_FALSE(fs::exists(temp.file("escaped.nii.gz")));
  EXPECT_FALSE(fs::exists(fs::path(temp.path()).parent_path() / "escaped.nii.gz"));
  EXPECT_TRUE(fs::exists(fs::path(out) / "_.._.._escaped.nii.gz")) << single.out;
  EXPECT_TRUE(fs::exists(fs::path(out + "2") / "labelsTr" / "_.._.._escaped.nii.gz")) << all.out;
  EXPECT_FALSE(fs::exists(out + "2.partial"));
  const auto again =
      runVoxsiam("project export " + quoted(project) + " --out " + quoted(out + "2"));
  expectRefused(again, out + "2", "not empty");
}

TEST(HostileInput, EmptyPathsAndOutputsThatAreInputsAreRefused) {
  TempFolder temp;
  expectRefused(runVoxsiam("project create ''"), "empty", "empty");
  expectRefused(runVoxsiam("phantom --out ''"), "--out", "empty");
  expectRefused(runVoxsiam("demo --out ''"), "--out", "empty");
  const std::string label = temp.file("label.nii.gz");
  fs::copy_file(dataPath("totalseg/seg_totalseg_ids.nii.gz"), label);
  const std::string before = readText(label);
  expectRefused(runVoxsiam("convert " + quoted(label) + " " + quoted(label) + " --map totalseg"),
                label, "input");
  expectRefused(runVoxsiam("eval --pred " + quoted(label) + " --ref " + quoted(label) + " --json " +
                           quoted(label)),
                label, "input");
  EXPECT_EQ(readText(label), before) << "an input was replaced";
}

TEST(HostileInput, NumbersThatWouldWrapAreRefused) {
  TempFolder temp;
  const std::string label = dataPath("totalseg/seg_totalseg_ids.nii.gz");
  for (const std::string pairs : {"[[99999, 1]]", "[[-1, 1]]", "[[1, 70000]]", "[[1.5, 1]]",
                                  "[[1, 2], [1, 3]]", "[[\"1\", 2]]"}) {
    const std::string mapping = temp.file("mapping.json");
    writeText(mapping, R"({"name": "m", "from": "x", "to": "gibson8", "pairs": )" + pairs + "}");
    const auto result = runVoxsiam("convert " + quoted(label) + " " +
                                   quoted(temp.file("m.nii.gz")) + " --map " + quoted(mapping));
    expectRefused(result, mapping, "pair");
    EXPECT_FALSE(fs::exists(temp.file("m.nii.gz"))) << pairs;
  }
  const std::string twice = temp.file("twice.json");
  writeText(twice, R"({"name": "m", "pairs": [[1, 1]], "pairs": [[1, 2]]})");
  expectRefused(runVoxsiam("convert " + quoted(label) + " " + quoted(temp.file("t.nii.gz")) +
                           " --map " + quoted(twice)),
                twice, "twice");
  std::string deep(100000, '[');
  deep += std::string(100000, ']');
  const std::string nested = temp.file("nested.json");
  writeText(nested, R"({"name": "m", "pairs": )" + deep + "}");
  expectRefused(runVoxsiam("convert " + quoted(label) + " " + quoted(temp.file("n.nii.gz")) +
                           " --map " + quoted(nested)),
                nested, "nested");
  expectRefused(runVoxsiam("convert " + quoted(label) + " " + quoted(temp.file("s.nii.gz")) +
                           " --map totalseg --spacing 1abc"),
                "--spacing", "1abc");
  expectRefused(runVoxsiam("tsne --in x.csv --out y.csv --theta nan"), "--theta", "nan");
}

/// A MetaImage header with the given lines after the standard ones.
std::string metaHeader(TempFolder& temp, const std::string& name, const std::string& lines) {
  writeText(temp.file(name), "ObjectType = Image\n" + lines);
  return temp.file(name);
}

TEST(HostileInput, HeadersCannotNameFilesOutsideTheirFolderOrHangOnThem) {
  TempFolder temp;
  writeText(temp.file("ok.raw"), std::string(4 * 4 * 4 * 2, '\0'));
  const std::string standard =
      "NDims = 3\nDimSize = 4 4 4\nElementSpacing = 1 1 1\nElementType = MET_SHORT\n";
  ASSERT_EQ(std::system(("mkfifo " + quoted(temp.file("fifo.raw"))).c_str()), 0);
  const std::pair<std::string, std::string> cases[] = {
      {"ElementDataFile = /proc/self/environ\n", "outside its folder"},
      {"ElementDataFile = ../ok.raw\n", "outside its folder"},
      {"ElementDataFile = LIST\nok.raw\nok.raw\n", "several data files"},
      {"ElementDataFile = slice%03d.raw 1 4 1\n", "several data files"},
      {"ElementDataFile = fifo.raw\n", "not a regular file"},
      {"ElementDataFile = missing.raw\n", "missing"}};
  int index = 0;
  for (const auto& [dataLine, word] : cases) {
    const std::string header =
        metaHeader(temp, "h" + std::to_string(index++) + ".mhd", standard + dataLine);
    // A hang shows as exit 124 from timeout, which expectRefused does not accept.
    expectRefused(runShell("timeout 20 '" + std::string(VOXSIAM_CLI) + "' info " + quoted(header)),
                  header, word);
  }
  const std::string negative = metaHeader(temp, "negative.mhd",
                                          "NDims = -3\nDimSize = 4 4 4\nElementType = MET_SHORT\n"
                                          "ElementDataFile = ok.raw\n");
  expectRefused(runVoxsiam("info " + quoted(negative)), negative, "NDims");
  const std::string channels = metaHeader(
      temp, "channels.mhd", standard + "ElementNumberOfChannels = abc\nElementDataFile = ok.raw\n");
  expectRefused(runVoxsiam("info " + quoted(channels)), channels, "ElementNumberOfChannels");
  const std::string nrrd = temp.file("outside.nhdr");
  writeText(nrrd,
            "NRRD0004\ntype: short\ndimension: 3\nsizes: 4 4 4\nencoding: raw\n"
            "endian: little\ndata file: /etc/passwd\n\n");
  expectRefused(runVoxsiam("info " + quoted(nrrd)), nrrd, "outside its folder");
}

TEST(HostileInput, MessagesNameTheInputAndMisuseExitsWithTwo) {
  TempFolder temp;
  const auto device =
      runVoxsiam("predict --model m.pt --image x.nii.gz --out y.nii.gz --device gpu");
  EXPECT_EQ(device.exitCode, 2) << device.err;
  expectRefused(device, "--device", "gpu");
  const std::string project = temp.file("p");
  ASSERT_EQ(runVoxsiam("project create " + quoted(project)).exitCode, 0);
  {
    storage::Project opened(project);
    storage::sql::Statement damage(opened.connection(),
                                   "UPDATE project_info SET value = 'x1' WHERE key = 'scheme_id'");
    damage.run();
  }
  expectRefused(
      runVoxsiam("project export " + quoted(project) + " --out " + quoted(temp.file("e"))),
      "project.sqlite", "scheme_id");
  const auto layer =
      runVoxsiam("embed --model m.pt --image x --label y --out z --layer enc99999999999");
  EXPECT_EQ(layer.err.find("stoi"), std::string::npos) << layer.err;
  EXPECT_EQ(lines(layer.err), 1u) << layer.err;
}

TEST(HostileInput, ProjectCheckFindsSwappedImagesDamagedLabelsAndLeftovers) {
  TempFolder temp;
  const std::string project = temp.file("p");
  ASSERT_EQ(runVoxsiam("phantom --out " + quoted(temp.file("ph")) + " --cases 2 --seed 4").exitCode,
            0);
  ASSERT_EQ(runVoxsiam("project create " + quoted(project)).exitCode, 0);
  ASSERT_EQ(
      runVoxsiam("project import " + quoted(project) + " " + quoted(temp.file("ph"))).exitCode, 0);
  const auto clean = runVoxsiam("project check " + quoted(project));
  EXPECT_EQ(clean.exitCode, 0) << clean.out << clean.err;
  std::vector<fs::path> images;
  for (const auto& entry : fs::directory_iterator(fs::path(project) / "volumes"))
    images.push_back(entry.path());
  ASSERT_EQ(images.size(), 2u);
  fs::rename(images[0], temp.file("swap"));
  fs::rename(images[1], images[0]);
  fs::rename(temp.file("swap"), images[1]);
  {
    storage::Project opened(project);
    storage::sql::Statement drop(opened.connection(), "DROP TRIGGER label_versions_immutable");
    drop.run();
    storage::sql::Statement damage(opened.connection(),
                                   "UPDATE label_versions SET data = X'0011223344' WHERE id = 1");
    damage.run();
  }
  writeText((fs::path(project) / "volumes" / "abc.nii.gz.partial").string(), "x");
  const auto check = runVoxsiam("project check " + quoted(project));
  EXPECT_EQ(check.exitCode, 1);
  EXPECT_EQ(lines(check.err), 1u) << check.err;
  EXPECT_NE(check.out.find("does not hash to its name"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("content hash"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("partial file"), std::string::npos) << check.out;
  const auto exported = runVoxsiam("project export " + quoted(project) + " --out " +
                                   quoted(temp.file("out")) + " --case phantom_000");
  EXPECT_EQ(exported.exitCode, 1) << "a damaged label version was exported: " << exported.out;
}

TEST(HostileInput, StoredLabelsWithImpossibleGeometryAreFoundByCheckAndRefusedByExport) {
  TempFolder temp;
  ASSERT_EQ(runVoxsiam("phantom --out " + quoted(temp.file("ph")) + " --cases 1 --seed 4").exitCode,
            0);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<std::tuple<std::string, std::size_t, double, std::string>> crafted = {
      {"spacing", kStoredSpacingOffset, nan, "invalid voxel spacing"},
      {"origin", kStoredOriginOffset + 8, std::numeric_limits<double>::infinity(), "origin"},
      {"direction", kStoredDirectionOffset, 0.5, "orthonormal"}};
  for (const auto& [name, offset, value, word] : crafted) {
    const std::string project = temp.file(name);
    ASSERT_EQ(runVoxsiam("project create " + quoted(project)).exitCode, 0);
    ASSERT_EQ(runVoxsiam("project import " + quoted(project) + " " + quoted(temp.file("ph")) +
                         " --status approved")
                  .exitCode,
              0);
    tamperStoredLabels(project, offset, value);
    const auto check = runVoxsiam("project check " + quoted(project));
    EXPECT_EQ(check.exitCode, 1) << name;
    EXPECT_NE(check.out.find(word), std::string::npos) << name << ": " << check.out;
    const auto exported = runVoxsiam("project export " + quoted(project) + " --out " +
                                     quoted(temp.file(name + "_out")));
    expectRefused(exported, project, word);
    EXPECT_FALSE(fs::exists(temp.file(name + "_out"))) << name;
  }
}

TEST(HostileInput, ANetworkThatCannotFitIsRefusedBeforeItAllocatesAndLeavesNoRunFolder) {
  TempFolder temp;
  ASSERT_EQ(runVoxsiam("phantom --out " + quoted(temp.file("ph")) + " --cases 2 --seed 4").exitCode,
            0);
  const std::string config = temp.file("huge.json");
  writeText(config, R"({"data": [{"folder": ")" + temp.file("ph") + R"("}],
    "network": {"f_maps": 512, "levels": 4}, "validation_fraction": 0,
    "preprocess": {"mode": "spacing", "spacing": [4, 4, 4]},
    "training": {"epochs": 1, "batch_size": 1024, "patch": [1024, 1024, 1024]}})");
  // Under a 4 GB address-space limit an unchecked run dies in an allocation instead (not under
  // AddressSanitizer, whose shadow memory needs terabytes of address space).
  const std::string limit = VOXSIAM_SANITIZED ? "" : "ulimit -v 4000000; ";
  const auto result = runShell(limit + "'" + std::string(VOXSIAM_CLI) + "' train --config " +
                               quoted(config) + " --out " + quoted(temp.file("run")));
  expectRefused(result, config, "a training step needs about");
  EXPECT_NE(result.err.find("GB available"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(temp.file("run"))) << "the refused run left its folder";
}

TEST(HostileInput, PartialFilesOfKilledWritesAreRemovedAndThoseOfRunningOnesKept) {
  TempFolder temp;
  const std::string project = temp.file("p");
  ASSERT_EQ(runVoxsiam("project create " + quoted(project)).exitCode, 0);
  const fs::path volumes = fs::path(project) / "volumes";
  const fs::path models = fs::path(project) / "models";
  fs::create_directories(models);
  // A shell that has exited stands for a killed writer; this test process for a running one.
  const auto gone = runShell("sh -c 'echo $$'");
  const std::string deadPid = gone.out.substr(0, gone.out.find('\n'));
  writeText((volumes / (".abc.partial" + deadPid + ".nii.gz")).string(), "x");
  writeText((models / ("abc.pt.partial" + deadPid)).string(), "x");
  const std::string running = ".def.partial" + std::to_string(::getpid()) + ".nii.gz";
  writeText((volumes / running).string(), "x");
  const auto check = runVoxsiam("project check " + quoted(project));
  EXPECT_NE(check.out.find("removed volumes/.abc.partial" + deadPid), std::string::npos)
      << check.out;
  EXPECT_NE(check.out.find("removed models/abc.pt.partial" + deadPid), std::string::npos)
      << check.out;
  EXPECT_FALSE(fs::exists(volumes / (".abc.partial" + deadPid + ".nii.gz")));
  EXPECT_TRUE(fs::exists(volumes / running)) << "the file of a running write was removed";
  EXPECT_NE(check.out.find(running + " is a partial file"), std::string::npos) << check.out;
  EXPECT_EQ(check.exitCode, 1);
}

TEST(HostileInput, AFeatureTableTooWideForPcaIsRefusedAtOnce) {
  TempFolder temp;
  std::string csv;
  for (int column = 0; column < 20000; ++column)
    csv += (column ? ",f" : "f") + std::to_string(column);
  csv += "\n";
  for (int row = 0; row < 100; ++row) {
    for (int column = 0; column < 20000; ++column) csv += column ? ",1" : "1";
    csv += "\n";
  }
  writeText(temp.file("wide.csv"), csv);
  const auto result =
      runShell("timeout 60 '" + std::string(VOXSIAM_CLI) + "' tsne --in " +
               quoted(temp.file("wide.csv")) + " --out " + quoted(temp.file("xy.csv")));
  expectRefused(result, "wide.csv", "feature columns");
}

/// `bytes` with `value`'s bytes written at `offset`.
template <typename T>
std::string patched(std::string bytes, std::size_t offset, T value) {
  std::memcpy(bytes.data() + offset, &value, sizeof value);
  return bytes;
}

TEST(HostileInput, HeadersThatDisagreeWithThemselvesAreRefused) {
  TempFolder temp;
  writeRawNifti(temp.file("good.nii"), {4, 4, 4}, NiftiType::Int16, {1, 1, 1},
                std::vector<unsigned char>(4 * 4 * 4 * 2, 0));
  const std::string good = readText(temp.file("good.nii"));
  writeText(temp.file("bitpix.nii"), patched(good, 72, std::int16_t(8)));
  expectRefused(runVoxsiam("info " + quoted(temp.file("bitpix.nii"))), "bitpix.nii", "bitpix");
  writeText(temp.file("offset.nii"), patched(good, 108, float(-100)));
  expectRefused(runVoxsiam("info " + quoted(temp.file("offset.nii"))), "offset.nii", "vox_offset");
  writeText(temp.file("skew.raw"), std::string(4 * 4 * 4 * 2, '\0'));
  const std::string skew = temp.file("skew.mhd");
  writeText(skew,
            "ObjectType = Image\nNDims = 3\nDimSize = 4 4 4\nElementSpacing = 1 1 1\n"
            "TransformMatrix = 1 0.5 0 0 1 0 0 0 1\nElementType = MET_SHORT\n"
            "ElementDataFile = skew.raw\n");
  expectRefused(runVoxsiam("info " + quoted(skew)), skew, "orthonormal");
}

TEST(HostileInput, NrrdErrorsKeepTheirCauseAndNoLibraryDecoration) {
  TempFolder temp;
  const std::string nrrd = temp.file("short.nrrd");
  writeText(nrrd,
            "NRRD0004\ntype: short\ndimension: 3\nsizes: 4 4 4\nencoding: gzip\n"
            "endian: little\n\nxxxxxxxx");
  const auto result = runVoxsiam("info " + quoted(nrrd));
  expectRefused(result, nrrd, "expected 128 bytes");
  EXPECT_EQ(result.err.find("itk::ERROR"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("(0x"), std::string::npos) << result.err;
}

TEST(HostileInput, AHugeLabelValueIsPrintedAsItIs) {
  TempFolder temp;
  const std::string image = temp.file("big.mhd");
  float value = 1e20f;
  std::string raw(4 * 4 * 4 * sizeof(float), '\0');
  std::memcpy(raw.data(), &value, sizeof value);
  writeText(temp.file("big.raw"), raw);
  writeText(image,
            "ObjectType = Image\nNDims = 3\nDimSize = 4 4 4\nElementSpacing = 1 1 1\n"
            "ElementType = MET_FLOAT\nElementDataFile = big.raw\n");
  const auto result = runVoxsiam("convert " + quoted(image) + " " + quoted(temp.file("o.nii.gz")) +
                                 " --map identity");
  expectRefused(result, image, "1e+20");
  EXPECT_EQ(result.err.find("-9223372036854775808"), std::string::npos) << result.err;
}

TEST(HostileInput, NiftiGeometryWithNaNOrInfinityIsRefusedNotAbortedOrReplaced) {
  TempFolder temp;
  writeRawNifti(temp.file("good.nii"), {4, 4, 4}, NiftiType::Int16, {1, 1, 1},
                std::vector<unsigned char>(4 * 4 * 4 * 2, 0));
  const std::string good = readText(temp.file("good.nii"));
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  const std::string sform = patched(patched(good, 254, std::int16_t(1)), 280, nan);
  writeText(temp.file("sform.nii"), sform);
  expectRefused(runVoxsiam("info " + quoted(temp.file("sform.nii"))), "sform.nii", "sform");
  writeText(temp.file("sforminf.nii"), patched(patched(good, 254, std::int16_t(1)), 324, inf));
  expectRefused(
      runVoxsiam("convert " + quoted(temp.file("sforminf.nii")) + " " + quoted(temp.file("o.mha"))),
      "sforminf.nii", "sform");
  EXPECT_FALSE(fs::exists(temp.file("o.mha")));
  writeText(temp.file("qform.nii"), patched(good, 268, nan));
  expectRefused(runVoxsiam("info " + quoted(temp.file("qform.nii"))), "qform.nii", "qform");
  writeText(temp.file("pixdim.nii"), patched(patched(good, 252, std::int16_t(0)), 80, nan));
  expectRefused(runVoxsiam("info " + quoted(temp.file("pixdim.nii"))), "pixdim.nii", "pixdim[1]");
}

}  // namespace
}  // namespace voxsiam::test
