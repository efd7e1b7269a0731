#include <gtest/gtest.h>

#include <cmath>

#include "core/edit/LabelEditor.h"

namespace voxsiam::edit {
namespace {

image::ImageGeometry grid(std::array<std::size_t, 3> size, std::array<double, 3> spacing) {
  image::ImageGeometry geometry;
  geometry.size = size;
  geometry.spacing = spacing;
  return geometry;
}

std::size_t countLabel(const image::LabelMap& labels, std::uint16_t label) {
  return static_cast<std::size_t>(
      std::count(labels.voxels().begin(), labels.voxels().end(), label));
}

TEST(EditTools, BrushDiscPaintsTheVoxelsWithinTheRadiusInOneSlice) {
  image::LabelMap labels(grid({40, 40, 10}, {1, 1, 3}));
  LabelEditor editor(labels, nullptr);
  BrushSettings brush;
  brush.radiusMm = 4;
  brush.label = 3;
  editor.brush({20, 20, 5}, 2, brush);
  const LabelChange change = editor.endStroke();
  std::size_t expected = 0;
  for (int dj = -4; dj <= 4; ++dj)
    for (int di = -4; di <= 4; ++di) expected += di * di + dj * dj <= 16;
  EXPECT_EQ(change.voxels().size(), expected);  // 49 voxels
  EXPECT_EQ(countLabel(editor.labels(), 3), expected);
  for (const auto& voxel : change.voxels()) EXPECT_EQ(voxel.index / 1600, 5u);
  brush.sphere = true;
  editor.brush({10, 10, 5}, 2, brush);
  const auto sphere = editor.endStroke();
  // Ball of 4 mm with 3 mm slices: slices 4, 5, 6 are within reach (radius 4, sqrt(16-9)).
  const auto box = sphere.bounds(labels.geometry());
  EXPECT_EQ(box[2], 4u);
  EXPECT_EQ(box[5], 6u);
}

TEST(EditTools, IntensityRangeLimitsPaintingAndEraserClears) {
  const auto geometry = grid({20, 20, 3}, {1, 1, 1});
  image::Volume ct(geometry, -100.0f);
  for (std::size_t i = 10; i < 20; ++i)
    for (std::size_t j = 0; j < 20; ++j) ct.at(i, j, 1) = 60.0f;
  LabelEditor editor(image::LabelMap(geometry), &ct);
  BrushSettings brush;
  brush.radiusMm = 30;
  brush.label = 5;
  brush.intensity = IntensityRange{0, 200};
  editor.brush({10, 10, 1}, 2, brush);
  editor.endStroke();
  EXPECT_EQ(countLabel(editor.labels(), 5), 200u);
  EXPECT_EQ(editor.labels().at(9, 10, 1), 0);
  brush.erase = true;
  brush.intensity.reset();
  brush.radiusMm = 1;
  editor.brush({15, 10, 1}, 2, brush);
  editor.endStroke();
  EXPECT_EQ(countLabel(editor.labels(), 5), 195u);
}

TEST(EditTools, UndoRedoRestoreExactlyAndStrokeIsOneStep) {
  image::LabelMap original(grid({30, 30, 8}, {1, 1, 2}));
  original.at(3, 3, 3) = 2;
  LabelEditor editor(original, nullptr);
  BrushSettings brush;
  brush.label = 1;
  brush.radiusMm = 3;
  editor.beginStroke();
  for (std::size_t i = 5; i < 20; ++i) editor.brush({i, 15, 4}, 2, brush);
  editor.endStroke();
  const auto painted = editor.labels().voxels();
  EXPECT_TRUE(editor.modified());
  EXPECT_EQ(editor.history().undoCount(), 1u);
  ASSERT_NE(editor.undo(), nullptr);
  EXPECT_EQ(editor.labels().voxels(), original.voxels());
  EXPECT_FALSE(editor.modified());
  ASSERT_NE(editor.redo(), nullptr);
  EXPECT_EQ(editor.labels().voxels(), painted);
  editor.markSaved();
  EXPECT_FALSE(editor.modified());
  EXPECT_EQ(editor.redo(), nullptr);
}

TEST(EditHistory, MemoryStaysWithinTheBudget) {
  const auto geometry = grid({64, 64, 64}, {1, 1, 1});
  LabelEditor editor(image::LabelMap(geometry), nullptr, 200 * 1024);
  BrushSettings brush;
  brush.radiusMm = 6;
  brush.sphere = true;
  for (std::size_t step = 0; step < 100; ++step) {
    brush.label = static_cast<std::uint16_t>(1 + step % 8);
    editor.brush({32, 32, 32}, 2, brush);
    editor.endStroke();
  }
  EXPECT_LE(editor.history().bytes(), 200u * 1024);
  EXPECT_GT(editor.history().undoCount(), 5u);
  EXPECT_LT(editor.history().undoCount(), 100u);
  while (editor.undo()) {
  }
  // The oldest steps were dropped: undoing all that is kept still leaves the first strokes.
  EXPECT_GT(countLabel(editor.labels(), 0), 0u);
  EXPECT_TRUE(editor.modified());
}

TEST(EditTools, FloodFillStaysInTheSliceAndRegion) {
  image::LabelMap labels(grid({20, 20, 4}, {1, 1, 1}));
  for (std::size_t k = 0; k < 4; ++k)
    for (std::size_t j = 0; j < 20; ++j) labels.at(10, j, k) = 7;  // a wall at i = 10
  LabelEditor editor(labels, nullptr);
  const auto change = editor.floodFill({2, 2, 1}, 2, 4);
  EXPECT_EQ(change.voxels().size(), 200u);  // i in 0..9, one slice
  EXPECT_EQ(editor.labels().at(2, 2, 0), 0);
  EXPECT_EQ(editor.labels().at(15, 2, 1), 0);
  const auto relabelled = editor.relabel({10, 0, 0}, 6);
  EXPECT_EQ(relabelled.voxels().size(), 80u);
  EXPECT_EQ(countLabel(editor.labels(), 7), 0u);
}

TEST(EditTools, SmallIslandsAreRemovedLargeOnesKept) {
  image::LabelMap labels(grid({20, 20, 20}, {1, 1, 1}));
  for (std::size_t k = 2; k < 8; ++k)
    for (std::size_t j = 2; j < 8; ++j)
      for (std::size_t i = 2; i < 8; ++i) labels.at(i, j, k) = 1;  // 216 voxels
  labels.at(15, 15, 15) = 1;
  labels.at(15, 15, 16) = 1;
  labels.at(0, 19, 0) = 1;
  LabelEditor editor(labels, nullptr);
  const auto change = editor.removeIslands(1, 10);
  EXPECT_EQ(change.voxels().size(), 3u);
  EXPECT_EQ(countLabel(editor.labels(), 1), 216u);
}

TEST(EditTools, TakeOrganCopiesOneOrganAndKeepsTheOthers) {
  image::LabelMap mine(grid({10, 10, 2}, {1, 1, 1})), model(grid({10, 10, 2}, {1, 1, 1}));
  for (std::size_t i = 0; i < 5; ++i) mine.at(i, 0, 0) = 5, model.at(i + 3, 0, 0) = 5;
  mine.at(9, 9, 1) = 2;
  model.at(0, 9, 1) = 2;
  LabelEditor editor(mine, nullptr);
  const auto change = editor.takeOrgan(model, 5);
  EXPECT_EQ(change.voxels().size(), 6u);  // 3 removed, 3 added
  for (std::size_t i = 0; i < 10; ++i)
    EXPECT_EQ(editor.labels().at(i, 0, 0), (i >= 3 && i < 8) ? 5 : 0) << i;
  EXPECT_EQ(editor.labels().at(9, 9, 1), 2);
  EXPECT_EQ(editor.labels().at(0, 9, 1), 0);
}

TEST(EditTools, InterpolationBlendsTwoDrawnDiscs) {
  image::LabelMap labels(grid({60, 60, 11}, {1, 1, 2}));
  auto disc = [&](std::size_t k, double radius) {
    for (std::size_t j = 0; j < 60; ++j)
      for (std::size_t i = 0; i < 60; ++i) {
        const double di = double(i) - 30, dj = double(j) - 30;
        if (di * di + dj * dj <= radius * radius) labels.at(i, j, k) = 2;
      }
  };
  disc(0, 8);
  disc(10, 16);
  LabelEditor editor(labels, nullptr);
  editor.interpolate(2, 2);
  for (std::size_t k = 1; k < 10; ++k) {
    std::size_t area = 0;
    for (std::size_t j = 0; j < 60; ++j)
      for (std::size_t i = 0; i < 60; ++i) area += editor.labels().at(i, j, k) == 2;
    const double radius = 8 + 0.8 * double(k);
    EXPECT_NEAR(double(area), M_PI * radius * radius, 0.08 * M_PI * radius * radius) << k;
  }
}

}  // namespace
}  // namespace voxsiam::edit
