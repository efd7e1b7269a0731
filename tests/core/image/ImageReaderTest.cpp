#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/image/ImageReader.h"
#include "core/image/ImageWriter.h"
#include "core/image/InputError.h"
#include "core/image/LabelMapping.h"
#include "tests/support/NiftiBytes.h"
#include "tests/support/TestData.h"

namespace voxsiam::image {
namespace {

using test::dataPath;

void expectGeometry(const ImageGeometry& geometry, std::array<std::size_t, 3> size,
                    std::array<double, 3> spacing, std::array<double, 3> origin,
                    std::array<double, 9> direction) {
  EXPECT_EQ(geometry.size, size);
  for (int axis = 0; axis < 3; ++axis) {
    EXPECT_NEAR(geometry.spacing[axis], spacing[axis], 1e-5) << "spacing " << axis;
    EXPECT_NEAR(geometry.origin[axis], origin[axis], 1e-3) << "origin " << axis;
  }
  for (int e = 0; e < 9; ++e) EXPECT_NEAR(geometry.direction[e], direction[e], 1e-6) << e;
}

std::vector<std::size_t> countsOf(const LabelMap& labels, std::uint16_t highest) {
  std::vector<std::size_t> counts(highest + 1, 0);
  for (auto label : labels.voxels())
    if (label <= highest) ++counts[label];
  return {counts.begin() + 1, counts.end()};
}

// Expected geometry: nibabel's affine of each file (RAS) with x and y negated (LPS).
TEST(ImageReader, TotalSegmentatorCtHasItsGeometryAndHu) {
  ImageSource source;
  const Volume ct = readVolume(dataPath("totalseg/ct.nii.gz"), {}, &source);
  expectGeometry(ct.geometry(), {122, 101, 112}, {3, 3, 3}, {177.95633, -11.319, 94.30176},
                 {-1, 0, 0, 0, -1, 0, 0, 0, 1});
  EXPECT_EQ(source.format, "NIfTI");
  const auto [low, high] = std::minmax_element(ct.voxels().begin(), ct.voxels().end());
  EXPECT_EQ(*low, -1207.f);
  EXPECT_EQ(*high, 3382.f);
}

TEST(ImageReader, AmosLabelMapHasItsGeometryAndOrganCounts) {
  const LabelMap labels = readLabelMap(dataPath("amos/amos_0013_label.nii.gz"));
  expectGeometry(labels.geometry(), {512, 512, 82}, {0.781, 0.781, 5.0},
                 {-199.6093, 199.4817, 1345.5}, {1, 0, 0, 0, -1, 0, 0, 0, 1});
  const auto gibson = LabelMapping::builtin("amos").apply(labels);
  EXPECT_EQ(countsOf(gibson, 8),
            (std::vector<std::size_t>{94546, 40287, 6753, 1843, 373508, 115022, 13921, 11078}));
}

TEST(ImageReader, TotalSegmentatorLabelsMapToGibson8Counts) {
  const LabelMap labels = readLabelMap(dataPath("totalseg/seg_totalseg_ids.nii.gz"));
  const auto gibson = LabelMapping::builtin("totalseg").apply(labels);
  EXPECT_EQ(countsOf(gibson, 8),
            (std::vector<std::size_t>{9668, 5090, 1319, 0, 41692, 4836, 695, 2319}));
}

TEST(ImageReader, NrrdLabelMapMatchesTheDicomGrid) {
  const LabelMap labels = readLabelMap(dataPath("dcmqi/liver_spine_seg.nrrd"));
  expectGeometry(labels.geometry(), {512, 512, 3}, {0.810547, 0.810547, 1.0},
                 {-235.2, -226.8, -128.69}, {1, 0, 0, 0, 1, 0, 0, 0, 1});
  EXPECT_EQ(countsOf(labels, 2), (std::vector<std::size_t>{107098, 12439}));
}

TEST(ImageWriter, RoundTripKeepsGeometryAndValuesInEveryFormat) {
  test::TempFolder folder;
  ImageGeometry geometry;
  geometry.size = {5, 4, 3};
  geometry.spacing = {0.5, 1.25, 4.0};
  geometry.origin = {-10, 20.5, 7};
  geometry.direction = {0, 1, 0, -1, 0, 0, 0, 0, 1};
  Volume volume(geometry);
  for (std::size_t index = 0; index < volume.voxelCount(); ++index)
    volume[index] = float(index) - 30.f;
  const std::pair<const char*, StoredType> files[] = {{"a.nii.gz", StoredType::Int16},
                                                      {"b.nii", StoredType::Float32},
                                                      {"c.nrrd", StoredType::Int16},
                                                      {"d.mha", StoredType::Float32}};
  for (const auto& [name, type] : files) {
    const std::string path = folder.file(name);
    writeVolume(volume, path, type);
    const Volume back = readVolume(path);
    EXPECT_TRUE(back.geometry().sameGrid(geometry));
    EXPECT_EQ(back.voxels(), volume.voxels());
  }
  LabelMap labels(geometry, 3);
  labels[7] = 300;
  writeLabelMap(labels, folder.file("l.nii.gz"));
  EXPECT_EQ(readLabelMap(folder.file("l.nii.gz")).voxels(), labels.voxels());
}

TEST(ImageReader, MetaImageHeaderWithSeparateRawFile) {
  test::TempFolder folder;
  std::ofstream(folder.file("e.mhd")) << "ObjectType = Image\nNDims = 3\nDimSize = 4 3 2\n"
                                         "ElementSpacing = 0.5 1.25 4\nOffset = -10 20.5 7\n"
                                         "TransformMatrix = 1 0 0 0 1 0 0 0 1\n"
                                         "ElementType = MET_SHORT\nElementDataFile = e.raw\n";
  std::vector<std::int16_t> values(24);
  for (std::size_t index = 0; index < values.size(); ++index)
    values[index] = std::int16_t(index * 7 - 50);
  const auto bytes = test::bytesOf(values);
  std::ofstream(folder.file("e.raw"), std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  ImageSource source;
  const Volume volume = readVolume(folder.file("e.mhd"), {}, &source);
  EXPECT_EQ(source.format, "MetaImage");
  EXPECT_EQ(volume.size(), (std::array<std::size_t, 3>{4, 3, 2}));
  EXPECT_NEAR(volume.geometry().spacing[2], 4.0, 1e-9);
  EXPECT_NEAR(volume.geometry().origin[1], 20.5, 1e-9);
  EXPECT_EQ(volume.at(3, 2, 1), float(23 * 7 - 50));
  std::filesystem::resize_file(folder.file("e.raw"), 10);
  EXPECT_THROW(readVolume(folder.file("e.mhd")), image::InputError);
}

TEST(ImageWriter, FailedWriteLeavesNoFileBehind) {
  test::TempFolder folder;
  Volume volume(ImageGeometry{{2, 2, 2}});
  EXPECT_THROW(writeVolume(volume, folder.file("missing/sub/x.nii.gz")), image::InputError);
  volume[0] = 1e6f;
  EXPECT_THROW(writeVolume(volume, folder.file("big.nii.gz"), StoredType::Int16),
               image::InputError);
  EXPECT_TRUE(std::filesystem::is_empty(folder.path()));
}

TEST(ImageReader, RejectsNanAndNonIntegerLabels) {
  test::TempFolder folder;
  std::vector<float> values(27, 1.f);
  values[4] = 0.5f;
  test::writeRawNifti(folder.file("half.nii"), {3, 3, 3}, test::NiftiType::Float32, {1, 1, 1},
                      test::bytesOf(values));
  EXPECT_NO_THROW(readVolume(folder.file("half.nii")));
  EXPECT_THROW(readLabelMap(folder.file("half.nii")), image::InputError);
  values[4] = std::nanf("");
  test::writeRawNifti(folder.file("nan.nii"), {3, 3, 3}, test::NiftiType::Float32, {1, 1, 1},
                      test::bytesOf(values));
  try {
    readVolume(folder.file("nan.nii"));
    FAIL() << "NaN accepted";
  } catch (const image::InputError& error) {
    EXPECT_EQ(error.path(), folder.file("nan.nii"));
    EXPECT_NE(error.problem().find("NaN"), std::string::npos);
  }
}

}  // namespace
}  // namespace voxsiam::image
