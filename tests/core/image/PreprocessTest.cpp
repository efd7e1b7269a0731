#include <gtest/gtest.h>

#include <cmath>

#include "core/image/ImageReader.h"
#include "core/image/phantom/PhantomGenerator.h"
#include "core/image/preprocess/Preprocessor.h"
#include "core/image/preprocess/Resampling.h"
#include "core/metrics/SegmentationEvaluator.h"
#include "tests/support/TestData.h"

namespace voxsiam::image {
namespace {

using Mode = PreprocessOptions::Mode;

std::vector<float> oneHot(const LabelMap& labels, std::size_t channels) {
  std::vector<float> probabilities(channels * labels.voxelCount(), 0.f);
  for (std::size_t index = 0; index < labels.voxelCount(); ++index)
    probabilities[labels[index] * labels.voxelCount() + index] = 1.f;
  return probabilities;
}

/// The same physical image stored with its voxel axes reordered: native axis n of the copy is
/// axis `from[n]` of `source`, read backwards where `backwards[n]`.
template <typename Image>
Image restored(const Image& source, const std::array<int, 3>& from,
               const std::array<bool, 3>& backwards) {
  const ImageGeometry& old = source.geometry();
  ImageGeometry geometry = old;
  for (int axis = 0; axis < 3; ++axis) {
    geometry.size[axis] = old.size[from[axis]];
    geometry.spacing[axis] = old.spacing[from[axis]];
    for (int row = 0; row < 3; ++row)
      geometry.direction[row * 3 + axis] =
          old.direction[row * 3 + from[axis]] * (backwards[axis] ? -1.0 : 1.0);
  }
  std::array<double, 3> firstVoxel{};
  for (int axis = 0; axis < 3; ++axis)
    firstVoxel[from[axis]] = backwards[axis] ? double(old.size[from[axis]] - 1) : 0.0;
  geometry.origin = old.indexToPhysical(firstVoxel);
  Image copy(geometry);
  for (std::size_t k = 0; k < geometry.size[2]; ++k)
    for (std::size_t j = 0; j < geometry.size[1]; ++j)
      for (std::size_t i = 0; i < geometry.size[0]; ++i) {
        const std::size_t at[3] = {i, j, k};
        std::array<std::size_t, 3> original{};
        for (int axis = 0; axis < 3; ++axis)
          original[from[axis]] = backwards[axis] ? geometry.size[axis] - 1 - at[axis] : at[axis];
        copy.at(i, j, k) = source.at(original[0], original[1], original[2]);
      }
  return copy;
}

/// Mean working-grid index of the voxels of `label`.
std::array<double, 3> centroid(const LabelMap& labels, uint16_t label) {
  std::array<double, 3> sum{0, 0, 0};
  double count = 0;
  const auto& size = labels.size();
  for (std::size_t k = 0; k < size[2]; ++k)
    for (std::size_t j = 0; j < size[1]; ++j)
      for (std::size_t i = 0; i < size[0]; ++i)
        if (labels.at(i, j, k) == label) sum[0] += i, sum[1] += j, sum[2] += k, count += 1;
  for (auto& value : sum) value /= count;
  return sum;
}

TEST(BodyCrop, KeepsTheBodyAndDropsADetachedObject) {
  ImageGeometry geometry;
  geometry.size = {60, 50, 30};
  Volume ct(geometry, -1000.f);
  for (std::size_t k = 5; k < 25; ++k)
    for (std::size_t j = 10; j < 40; ++j)
      for (std::size_t i = 12; i < 48; ++i)
        ct.at(i, j, k) = i % 5 == 0 && j % 5 == 0 ? -900.f : 40.f;
  for (std::size_t k = 0; k < 30; ++k) ct.at(1, 48, k) = 500.f;  // a detached rod, like a table
  const VoxelBox box = findBodyBox(ct);
  EXPECT_EQ(box.low, (std::array<std::size_t, 3>{12, 10, 5}));
  EXPECT_EQ(box.size, (std::array<std::size_t, 3>{36, 30, 20}));
  const VoxelBox phantomBox =
      findBodyBox(phantom::PhantomGenerator({96, 96, 40}).generate(5).image);
  EXPECT_EQ(phantomBox.size[2], 40u) << "the body runs through every slice";
}

TEST(Preprocessor, RejectsLabelsOnAnotherGrid) {
  const auto phantom = phantom::PhantomGenerator({40, 40, 20}).generate(1);
  const LabelMap other(ImageGeometry{{40, 40, 21}});
  EXPECT_THROW(Preprocessor().prepare(phantom.image, &other), std::invalid_argument);
}

TEST(Preprocessor, FixedGridModeGivesThePaperGridWindowedAndNormalised) {
  const Volume ct = readVolume(test::dataPath("totalseg/ct.nii.gz"));
  PreprocessOptions options;
  options.mode = Mode::FixedGrid;
  options.gridSize = {64, 64, 32};
  const auto prepared = Preprocessor(options).prepare(ct);
  EXPECT_EQ(prepared.image.size(), (std::array<std::size_t, 3>{64, 64, 32}));
  double sum = 0, squares = 0;
  for (float value : prepared.image.voxels()) {
    sum += value;
    squares += double(value) * value;
  }
  const double n = double(prepared.image.voxelCount());
  EXPECT_NEAR(sum / n, 0.0, 1e-4);
  EXPECT_NEAR(std::sqrt(squares / n - (sum / n) * (sum / n)), 1.0, 1e-3);
  const auto& grid = prepared.mapping.grid();
  const auto nativeAt = ct.geometry().indexToPhysical(prepared.mapping.nativeIndexOf({10, 20, 5}));
  const auto gridAt = grid.indexToPhysical({10, 20, 5});
  for (int axis = 0; axis < 3; ++axis) EXPECT_NEAR(nativeAt[axis], gridAt[axis], 1e-6);
}

TEST(Preprocessor, WindowClampsBeforeNormalising) {
  const Volume ct = readVolume(test::dataPath("totalseg/ct.nii.gz"));
  PreprocessOptions options;
  options.zScore = false;
  const auto prepared = Preprocessor(options).prepare(ct);
  const auto [low, high] =
      std::minmax_element(prepared.image.voxels().begin(), prepared.image.voxels().end());
  EXPECT_EQ(*low, -200.f);
  EXPECT_EQ(*high, 250.f);
}

TEST(Preprocessor, TargetSpacingModeHasTheRequestedSpacing) {
  const auto phantom = phantom::PhantomGenerator({96, 96, 40}).generate(2);
  PreprocessOptions options;
  options.targetSpacing = {4.0, 4.0, 6.0};
  const auto prepared = Preprocessor(options).prepare(phantom.image, &phantom.labels);
  const auto& crop = prepared.mapping.crop();
  for (int axis = 0; axis < 3; ++axis) {
    const double extent = crop.size[axis] * phantom.image.geometry().spacing[axis];
    EXPECT_NEAR(prepared.image.geometry().spacing[axis] * prepared.image.size()[axis], extent,
                1e-6);
    EXPECT_NEAR(prepared.image.geometry().spacing[axis], options.targetSpacing[axis],
                0.5 * options.targetSpacing[axis] / prepared.image.size()[axis] * 2 + 1e-9);
  }
  ASSERT_TRUE(prepared.labels.has_value());
  EXPECT_EQ(prepared.labels->size(), prepared.image.size());
}

TEST(Preprocessor, ProbabilitiesGoBackToTheNativeGeometry) {
  const auto phantom = phantom::PhantomGenerator({112, 112, 48}).generate(9);
  PreprocessOptions options;
  options.mode = Mode::FixedGrid;
  options.gridSize = {80, 80, 40};
  const auto prepared = Preprocessor(options).prepare(phantom.image, &phantom.labels);
  const auto native =
      Preprocessor::probabilitiesToNative(oneHot(*prepared.labels, 9), 9, prepared.mapping);
  const LabelMap back = Preprocessor::labelsFromProbabilities(native, 9, phantom.image.geometry());
  EXPECT_TRUE(back.geometry().sameGrid(phantom.labels.geometry()));
  const auto organs =
      metrics::SegmentationEvaluator().evaluate(back, phantom.labels, {1, 2, 3, 4, 5, 6, 7, 8});
  for (const auto& organ : organs) {
    ASSERT_TRUE(organ.dice.has_value()) << organ.label;
    EXPECT_GT(*organ.dice, 0.8) << "organ " << organ.label;
  }
  EXPECT_GT(*organs[4].dice, 0.95) << "liver";
}

TEST(Preprocessor, UnitScaleRoundTripIsExact) {
  const auto phantom = phantom::PhantomGenerator({40, 40, 20}).generate(4);
  const GridMapping mapping(phantom.labels.geometry(), {{0, 0, 0}, {40, 40, 20}}, {40, 40, 20});
  const auto native =
      Preprocessor::probabilitiesToNative(oneHot(mapping.toGrid(phantom.labels), 9), 9, mapping);
  EXPECT_EQ(Preprocessor::labelsFromProbabilities(native, 9, phantom.labels.geometry()).voxels(),
            phantom.labels.voxels());
}

TEST(Resampling, CoarseAndBackKeepsThePhysicalBox) {
  const LabelMap labels = readLabelMap(test::dataPath("amos/amos_0013_label.nii.gz"));
  const ImageGeometry coarse = geometryWithSpacing(labels.geometry(), {3.0, 3.0, 5.0});
  EXPECT_EQ(coarse.size, (std::array<std::size_t, 3>{133, 133, 82}));
  const LabelMap back = resampleNearest(resampleNearest(labels, coarse), labels.geometry());
  const auto liver = metrics::SegmentationEvaluator().evaluate(back, labels, {6})[0];
  EXPECT_GT(*liver.dice, 0.97);
  EXPECT_LT(*liver.hd95, 3.0);
}

TEST(AxisOrder, FindsTheAxesThatRunTowardsLeftBackAndHead) {
  const auto identity = AxisOrder::towardsLps({1, 0, 0, 0, 1, 0, 0, 0, 1});
  EXPECT_EQ(identity.nativeAxis, (std::array<int, 3>{0, 1, 2}));
  EXPECT_EQ(identity.flipped, (std::array<bool, 3>{false, false, false}));
  const auto ras = AxisOrder::towardsLps({-1, 0, 0, 0, -1, 0, 0, 0, 1});
  EXPECT_EQ(ras.nativeAxis, (std::array<int, 3>{0, 1, 2}));
  EXPECT_EQ(ras.flipped, (std::array<bool, 3>{true, true, false}));
  // Sagittal slices: native i runs towards the back, j downwards, k towards the left.
  const auto sagittal = AxisOrder::towardsLps({0, 0, 1, 1, 0, 0, 0, -1, 0});
  EXPECT_EQ(sagittal.nativeAxis, (std::array<int, 3>{2, 0, 1}));
  EXPECT_EQ(sagittal.flipped, (std::array<bool, 3>{false, false, true}));
  // A slightly oblique acquisition still picks the nearest axes.
  const double c = std::cos(0.2), s = std::sin(0.2);
  const auto oblique = AxisOrder::towardsLps({c, -s, 0, s, c, 0, 0, 0, 1});
  EXPECT_EQ(oblique.nativeAxis, (std::array<int, 3>{0, 1, 2}));
}

TEST(Preprocessor, AnyStoredVoxelOrderGivesTheSameWorkingGridAndLabelsComeBackInPlace) {
  const auto phantom = phantom::PhantomGenerator({72, 64, 36}).generate(3);
  PreprocessOptions options;
  options.targetSpacing = {3.0, 3.0, 3.0};
  const auto reference = Preprocessor(options).prepare(phantom.image, &phantom.labels);
  const std::array<std::array<int, 3>, 3> orders{{{0, 1, 2}, {1, 0, 2}, {2, 0, 1}}};
  const std::array<std::array<bool, 3>, 3> flips{
      {{true, true, false}, {false, true, false}, {true, false, true}}};
  for (std::size_t variant = 0; variant < orders.size(); ++variant) {
    const auto image = restored(phantom.image, orders[variant], flips[variant]);
    const auto labels = restored(phantom.labels, orders[variant], flips[variant]);
    const auto prepared = Preprocessor(options).prepare(image, &labels);
    ASSERT_EQ(prepared.image.size(), reference.image.size()) << "variant " << variant;
    EXPECT_TRUE(prepared.image.geometry().sameGrid(reference.image.geometry(), 1e-6));
    std::size_t differing = 0;
    for (std::size_t index = 0; index < prepared.labels->voxelCount(); ++index)
      differing += (*prepared.labels)[index] != (*reference.labels)[index];
    EXPECT_LT(differing, prepared.labels->voxelCount() / 100)
        << "variant " << variant << ": only nearest-neighbour ties (x.5) may round differently";
    for (std::size_t index = 0; index < prepared.image.voxelCount(); index += 97)
      ASSERT_NEAR(prepared.image[index], reference.image[index], 1e-4) << "variant " << variant;
    const auto native =
        Preprocessor::probabilitiesToNative(oneHot(*prepared.labels, 9), 9, prepared.mapping);
    const LabelMap back = Preprocessor::labelsFromProbabilities(native, 9, image.geometry());
    const auto organs =
        metrics::SegmentationEvaluator().evaluate(back, labels, {1, 2, 3, 4, 5, 6, 7, 8});
    for (const auto& organ : organs)
      if (organ.referenceVoxels > 0) EXPECT_GT(*organ.dice, 0.7) << "organ " << organ.label;
  }
}

TEST(Preprocessor, ARealScanStoredRightToLeftHasTheLiverOnTheGridsLowSide) {
  const Volume ct = readVolume(test::dataPath("totalseg/ct.nii.gz"));
  const LabelMap labels = readLabelMap(test::dataPath("totalseg/seg_totalseg_ids.nii.gz"));
  ASSERT_LT(ct.geometry().direction[0], 0) << "the file stores i towards the patient's right";
  const auto turned = Preprocessor().prepare(ct, &labels);
  const auto grid = turned.image.geometry();
  for (int axis = 0; axis < 3; ++axis) EXPECT_NEAR(grid.direction[axis * 4], 1.0, 1e-9);
  const uint16_t spleen = 1, liver = 5;
  EXPECT_LT(centroid(*turned.labels, liver)[0], centroid(*turned.labels, spleen)[0])
      << "liver (patient's right) before spleen along the grid's left-going axis";
  PreprocessOptions stored;
  stored.reorient = false;
  const auto asStored = Preprocessor(stored).prepare(ct, &labels);
  EXPECT_GT(centroid(*asStored.labels, liver)[0], centroid(*asStored.labels, spleen)[0]);
}

}  // namespace
}  // namespace voxsiam::image
