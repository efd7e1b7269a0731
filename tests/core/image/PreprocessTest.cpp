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

}  // namespace
}  // namespace voxsiam::image
