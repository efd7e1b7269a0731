#include "core/image/preprocess/PreprocessConfig.h"

namespace voxsiam::image {

using Mode = PreprocessOptions::Mode;

void readPreprocessOptions(ConfigReader reader, PreprocessOptions& options) {
  options.mode = reader.choice("mode", "spacing", {"spacing", "grid"}) == "grid"
                     ? Mode::FixedGrid
                     : Mode::TargetSpacing;
  const auto grid = reader.triple("grid", {128, 128, 64}, 8, 1024);
  options.gridSize = {std::size_t(grid[0]), std::size_t(grid[1]), std::size_t(grid[2])};
  options.targetSpacing = reader.triple("spacing", options.targetSpacing, 0.1, 50);
  options.reorient = reader.flag("reorient", options.reorient);
  options.cropToBody = reader.flag("crop_to_body", options.cropToBody);
  options.bodyThresholdHu =
      float(reader.number("body_threshold_hu", options.bodyThresholdHu, -1100, 3000));
  const auto window = reader.numbers("window_hu", {options.windowLowHu, options.windowHighHu});
  if (window.size() != 2 || window[0] >= window[1])
    reader.fail("window_hu", "must be [low, high] with low < high");
  options.windowLowHu = float(window[0]);
  options.windowHighHu = float(window[1]);
  options.zScore = reader.flag("zscore", options.zScore);
  reader.finish();
}

nlohmann::json preprocessOptionsJson(const PreprocessOptions& options) {
  return {{"mode", options.mode == Mode::FixedGrid ? "grid" : "spacing"},
          {"grid", options.gridSize},
          {"spacing", options.targetSpacing},
          {"reorient", options.reorient},
          {"crop_to_body", options.cropToBody},
          {"body_threshold_hu", options.bodyThresholdHu},
          {"window_hu", {options.windowLowHu, options.windowHighHu}},
          {"zscore", options.zScore}};
}

}  // namespace voxsiam::image
