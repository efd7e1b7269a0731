#include <gdcmImageReader.h>
#include <gdcmReader.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>

#include "core/image/DicomSegReader.h"
#include "core/image/DicomSeriesReader.h"
#include "core/image/ImageReader.h"
#include "core/image/InputError.h"
#include "core/image/LabelMapping.h"
#include "core/image/SchemeLabelReader.h"
#include "core/image/SegmentMatcher.h"
#include "tests/support/DicomFixtures.h"
#include "tests/support/TestData.h"

namespace voxsiam::image {
namespace {

namespace fs = std::filesystem;
using test::copyAsOtherSeries;
using test::dataPath;

const char* kSlices[] = {"ct-3slice_01.dcm", "ct-3slice_02.dcm", "ct-3slice_03.dcm"};

/// Stored pixel values of a single-frame DICOM file, read by GDCM without rescaling.
std::vector<std::int16_t> storedPixels(const std::string& path) {
  gdcm::ImageReader reader;
  reader.SetFileName(path.c_str());
  EXPECT_TRUE(reader.Read());
  const gdcm::Image& image = reader.GetImage();
  std::vector<std::int16_t> pixels(image.GetBufferLength() / 2);
  image.GetBuffer(reinterpret_cast<char*>(pixels.data()));
  return pixels;
}

TEST(DicomSeries, FolderWithSegObjectReadsTheCtSortedWithRescaleApplied) {
  ImageSource source;
  const Volume ct = readVolume(dataPath("dcmqi"), {}, &source);
  EXPECT_EQ(source.seriesCount, 1u) << "the SEG object must not count as an image series";
  EXPECT_EQ(source.modality, "CT");
  EXPECT_TRUE(source.note.empty());
  EXPECT_EQ(ct.size(), (std::array<std::size_t, 3>{512, 512, 3}));
  EXPECT_NEAR(ct.geometry().origin[2], -128.69, 1e-3);
  EXPECT_NEAR(ct.geometry().spacing[2], 1.0, 1e-4);
  // Slice 03 lies lowest (z = -128.69), so it is k = 0; HU = stored - 1024 (slope 1).
  const auto stored = storedPixels(dataPath("dcmqi/ct-3slice_03.dcm"));
  ASSERT_EQ(stored.size(), 512u * 512u);
  for (std::size_t index = 0; index < stored.size(); index += 997)
    ASSERT_EQ(ct[index], float(stored[index]) - 1024.f) << index;
}

TEST(DicomSeries, RescaleSlopeAndInterceptAreApplied) {
  test::TempFolder folder;
  for (const char* slice : kSlices)
    test::copyWithRescale(dataPath(std::string("dcmqi/") + slice), folder.file(slice), "2",
                          "-1000");
  const Volume scaled = readVolume(folder.path().string());
  const auto stored = storedPixels(dataPath("dcmqi/ct-3slice_03.dcm"));
  for (std::size_t index = 0; index < stored.size(); index += 991)
    ASSERT_EQ(scaled[index], 2.f * float(stored[index]) - 1000.f) << index;
}

TEST(DicomSeries, Jpeg2000LosslessSeriesReadsLikeTheUncompressedOne) {
  test::TempFolder folder;
  for (const char* slice : kSlices) {
    const auto result =
        test::runShell("gdcmconv --j2k '" + dataPath(std::string("dcmqi/") + slice) + "' '" +
                       folder.file(slice) + "'");
    ASSERT_EQ(result.exitCode, 0) << result.err;
  }
  gdcm::Reader reader;
  reader.SetFileName(folder.file(kSlices[0]).c_str());
  ASSERT_TRUE(reader.Read());
  const auto syntax = reader.GetFile().GetHeader().GetDataSetTransferSyntax();
  EXPECT_EQ(syntax, gdcm::TransferSyntax::JPEG2000Lossless) << syntax;
  EXPECT_LT(fs::file_size(folder.file(kSlices[0])),
            fs::file_size(dataPath("dcmqi/ct-3slice_01.dcm")));
  const Volume compressed = readVolume(folder.path().string());
  const Volume plain = readVolume(dataPath("dcmqi"));
  EXPECT_TRUE(compressed.geometry().sameGrid(plain.geometry()));
  EXPECT_EQ(compressed.voxels(), plain.voxels());
}

TEST(DicomSeries, SeveralSeriesPicksTheLargestAndSaysSo) {
  test::TempFolder folder;
  for (const char* slice : kSlices)
    fs::copy(dataPath(std::string("dcmqi/") + slice), folder.path());
  copyAsOtherSeries(dataPath("dcmqi/ct-3slice_01.dcm"), folder.file("other1.dcm"), "1.2.826.0.1.99",
                    1);
  copyAsOtherSeries(dataPath("dcmqi/ct-3slice_02.dcm"), folder.file("other2.dcm"), "1.2.826.0.1.99",
                    2);
  ImageSource source;
  const Volume ct = readVolume(folder.path().string(), {}, &source);
  EXPECT_EQ(ct.size()[2], 3u);
  EXPECT_EQ(source.seriesCount, 2u);
  EXPECT_NE(source.note.find("2 image series"), std::string::npos) << source.note;
  const Volume other = readVolume(folder.path().string(), {"1.2.826.0.1.99"}, &source);
  EXPECT_EQ(other.size()[2], 2u);
  EXPECT_EQ(source.seriesUid, "1.2.826.0.1.99");
  EXPECT_THROW(readVolume(folder.path().string(), {"9.9.9"}), image::InputError);
}

TEST(DicomSeries, TwoEqualSeriesNeedAChoice) {
  test::TempFolder folder;
  for (const char* slice : kSlices) {
    fs::copy(dataPath(std::string("dcmqi/") + slice), folder.path());
    copyAsOtherSeries(dataPath(std::string("dcmqi/") + slice),
                      folder.file(std::string("b_") + slice), "1.2.826.0.1.77", slice[11]);
  }
  try {
    readVolume(folder.path().string());
    FAIL() << "an ambiguous folder was accepted";
  } catch (const image::InputError& error) {
    EXPECT_NE(error.problem().find("--series"), std::string::npos) << error.what();
  }
}

TEST(DicomSeries, FolderWithoutDicomIsRejected) {
  test::TempFolder folder;
  std::ofstream(folder.file("notes.txt")) << "not a DICOM file";
  EXPECT_THROW(readVolume(folder.path().string()), image::InputError);
  test::TempFolder empty;
  EXPECT_THROW(readVolume(empty.path().string()), image::InputError);
}

}  // namespace
}  // namespace voxsiam::image

namespace voxsiam::image {
namespace {

/// The three real slices in a new folder, slice `changed` (0-2) replaced by what `edit` writes.
std::string seriesWithChangedSlice(
    test::TempFolder& temp, const std::string& name, int changed,
    const std::function<void(const std::string&, const std::string&)>& edit) {
  const fs::path folder = temp.path() / name;
  fs::create_directories(folder);
  for (int index = 0; index < 3; ++index) {
    const std::string source = dataPath(std::string("dcmqi/") + kSlices[index]);
    const std::string target = (folder / kSlices[index]).string();
    if (index == changed) {
      edit(source, target);
    } else {
      fs::copy_file(source, target);
    }
  }
  return folder.string();
}

void expectRefusedSeries(const std::string& folder, const std::string& word) {
  try {
    readVolume(folder);
    FAIL() << "read a series that should be refused (" << word << ")";
  } catch (const image::InputError& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.rfind(folder, 0), 0u) << message;
    EXPECT_NE(message.find(word), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(DicomSeries, SlicesThatCannotBeStackedOrDecodedAreRefusedByName) {
  test::TempFolder temp;
  using test::copyWithShort;
  using test::copyWithText;
  const auto text = [](unsigned group, unsigned element, const std::string& value) {
    return [=](const std::string& from, const std::string& to) {
      copyWithText(from, to, group, element, value);
    };
  };
  const auto number = [](unsigned group, unsigned element, unsigned value) {
    return [=](const std::string& from, const std::string& to) {
      copyWithShort(from, to, group, element, value);
    };
  };
  expectRefusedSeries(seriesWithChangedSlice(temp, "rgb", 1, number(0x0028, 0x0002, 3)), "colour");
  expectRefusedSeries(seriesWithChangedSlice(temp, "bits", 1, number(0x0028, 0x0100, 12)),
                      "BitsAllocated 12");
  expectRefusedSeries(seriesWithChangedSlice(temp, "short", 2, number(0x0028, 0x0010, 1024)),
                      "fewer");
  expectRefusedSeries(seriesWithChangedSlice(temp, "nospacing", 0, text(0x0028, 0x0030, "0\\0")),
                      "PixelSpacing");
  expectRefusedSeries(seriesWithChangedSlice(temp, "mixed", 2, text(0x0028, 0x0030, "0.5\\0.5")),
                      "PixelSpacing");
  expectRefusedSeries(
      seriesWithChangedSlice(temp, "gap", 2, text(0x0020, 0x0032, "-235.2\\-226.8\\-121.69")),
      "uneven slice spacing");
  expectRefusedSeries(
      seriesWithChangedSlice(temp, "twice", 1, text(0x0020, 0x0032, "-235.2\\-226.8\\-126.69")),
      "share one position");
  expectRefusedSeries(
      seriesWithChangedSlice(temp, "turned", 1, text(0x0020, 0x0037, "1\\0\\0\\0\\0.9\\0.43589")),
      "oriented differently");
}

TEST(DicomSeries, ASeriesBeyondTheVoxelOrSpacingLimitIsRefusedBeforeDecoding) {
  test::TempFolder temp;
  const auto huge = [&](const std::string& from, const std::string& to) {
    const std::string half = temp.file("rows.dcm");
    test::copyWithShort(from, half, 0x0028, 0x0010, 65535);
    test::copyWithShort(half, to, 0x0028, 0x0011, 65535);
  };
  expectRefusedSeries(seriesWithChangedSlice(temp, "huge", 0, huge), "more than the limit");
  expectRefusedSeries(seriesWithChangedSlice(temp, "far", 0,
                                             [](const std::string& from, const std::string& to) {
                                               test::copyWithText(from, to, 0x0028, 0x0030,
                                                                  "20000\\20000");
                                             }),
                      "more than 10000 mm");
}

TEST(DicomSeries, DamagedFilesAreSkippedOrNamedNeverAnAbort) {
  test::TempFolder temp;
  const std::string whole = [] {
    std::ifstream file(dataPath("dcmqi/ct-3slice_01.dcm"), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(file), {});
  }();
  const fs::path beside = temp.path() / "beside";
  fs::create_directories(beside);
  for (const char* slice : kSlices)
    fs::copy_file(dataPath(std::string("dcmqi/") + slice), beside / slice);
  for (const std::size_t cut :
       {std::size_t(140), std::size_t(400), std::size_t(2000), whole.size() - 1000}) {
    std::ofstream(beside / ("cut" + std::to_string(cut) + ".dcm"), std::ios::binary)
        << whole.substr(0, cut);
  }
  std::ofstream(beside / "junk.dcm", std::ios::binary) << std::string(30, 'x');
  std::string badVr = whole;  // the fuzzer's find: a meta element whose VR is "TI" (GDCM asserts)
  badVr[196] = 'T';
  std::ofstream(beside / "badvr.dcm", std::ios::binary) << badVr;
  const Volume volume = readVolume(beside.string());
  EXPECT_EQ(volume.size()[2], 3u) << "the valid slices are read, the damaged ones skipped";

  const fs::path alone = temp.path() / "alone";
  fs::create_directories(alone);
  std::ofstream(alone / "cut.dcm", std::ios::binary) << whole.substr(0, 400);
  expectRefusedSeries(alone.string(), "damaged");
  EXPECT_FALSE(isDicomSeg((alone / "cut.dcm").string()));
  EXPECT_THROW(readDicomSeg((alone / "cut.dcm").string()), image::InputError);
}

TEST(DicomSeg, LiverSegMatchesTheManualLabelMapVoxelForVoxel) {
  std::vector<SegSegment> segments;
  const LabelMap seg = readDicomSeg(test::dataPath("dcmqi/liver.dcm"), &segments);
  const LabelMap manual = readLabelMap(test::dataPath("dcmqi/liver_spine_seg.nrrd"));
  ASSERT_TRUE(seg.geometry().sameGrid(manual.geometry()));
  ASSERT_EQ(segments.size(), 1u);
  EXPECT_EQ(segments[0].number, 1u);
  EXPECT_EQ(segments[0].label, "Liver");
  EXPECT_EQ(segments[0].type.scheme, "SRT");
  EXPECT_EQ(segments[0].type.value, "T-62000");
  EXPECT_EQ(segments[0].algorithmType, "SEMIAUTOMATIC");
  std::size_t differing = 0, liver = 0;
  for (std::size_t index = 0; index < seg.voxelCount(); ++index) {
    liver += seg[index] == 1;
    differing += (seg[index] == 1) != (manual[index] == 1);
  }
  EXPECT_EQ(liver, 107098u);
  EXPECT_EQ(differing, 0u);
  EXPECT_TRUE(isDicomSeg(test::dataPath("dcmqi/liver.dcm")));
  EXPECT_FALSE(isDicomSeg(test::dataPath("dcmqi/ct-3slice_01.dcm")));
  EXPECT_EQ(readLabelMap(test::dataPath("dcmqi/liver.dcm")).voxels(), seg.voxels());
}

std::size_t countOf(const LabelMap& labels, std::uint16_t id) {
  return std::size_t(std::count(labels.voxels().begin(), labels.voxels().end(), id));
}

TEST(DicomSeg, SegmentsAreMappedByWhatTheyAreNotByTheirNumber) {
  const std::string path = test::dataPath("dcmqi/liver.dcm");
  const auto gibson = readLabelsInScheme(path, LabelMapping(), LabelScheme::builtin("gibson8"));
  EXPECT_TRUE(gibson.leftOut.empty());
  EXPECT_EQ(countOf(gibson.labels, 5), 107098u) << "liver is 5 in gibson8";
  EXPECT_EQ(countOf(gibson.labels, 1), 0u) << "segment number 1 is not spleen";
  const auto amos = readLabelsInScheme(path, LabelMapping(), LabelScheme::builtin("amos"));
  EXPECT_EQ(countOf(amos.labels, 6), 107098u) << "liver is 6 in amos";
  const auto throughMapping =
      readLabelsInScheme(path, LabelMapping::builtin("amos"), LabelScheme::builtin("gibson8"));
  EXPECT_EQ(countOf(throughMapping.labels, 5), 107098u);
}

TEST(DicomSeg, SegmentsMatchBySnomedCodeSideAndLabelText) {
  const auto scheme = LabelScheme::builtin("gibson8");
  SegSegment kidney;
  kidney.label = "Kidney";
  kidney.type = {"SCT", "64033007", "Kidney"};
  kidney.modifier = {"SCT", "7771000", "Left"};
  EXPECT_EQ(matchSegment(kidney, scheme), 2);
  kidney.modifier = {};
  EXPECT_EQ(matchSegment(kidney, scheme), 0) << "left or right cannot be told";
  SegSegment byText;
  byText.label = "Left Kidney";
  EXPECT_EQ(matchSegment(byText, scheme), 2);
  byText.label = "Gall bladder";
  EXPECT_EQ(matchSegment(byText, scheme), 3);
  SegSegment unknown;
  unknown.label = "Tumour";
  unknown.type = {"SCT", "108369006", "Neoplasm"};
  EXPECT_EQ(matchSegment(unknown, scheme), 0);
}

TEST(DicomSeg, ASegmentOfUnknownMeaningIsRefusedByName) {
  test::TempFolder temp;
  const std::string tumour = temp.file("tumour.dcm");
  test::copySegWithSegment(test::dataPath("dcmqi/liver.dcm"), tumour, "Tumour", "SCT", "108369006",
                           "Neoplasm");
  try {
    readLabelsInScheme(tumour, LabelMapping(), LabelScheme::builtin("gibson8"));
    FAIL() << "a SEG whose only segment is not in the scheme was read";
  } catch (const image::InputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("tumour.dcm"), std::string::npos) << message;
    EXPECT_NE(message.find("'Tumour'"), std::string::npos) << message;
    EXPECT_NE(message.find("108369006"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace voxsiam::image
