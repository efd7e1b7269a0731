#include "core/image/preprocess/Preprocessor.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace voxsiam::image {

Preprocessor::Preprocessor(PreprocessOptions options) : options_(options) {}

PreparedCase Preprocessor::prepare(const Volume& ct, const LabelMap* labels) const {
  if (labels && !labels->geometry().sameGrid(ct.geometry()))
    throw std::invalid_argument("label map and image have different grids");
  const VoxelBox crop = options_.cropToBody ? findBodyBox(ct, options_.bodyThresholdHu)
                                            : VoxelBox{{0, 0, 0}, ct.size()};
  const AxisOrder order =
      options_.reorient ? AxisOrder::towardsLps(ct.geometry().direction) : AxisOrder{};
  const GridMapping mapping =
      options_.mode == PreprocessOptions::Mode::FixedGrid
          ? GridMapping(ct.geometry(), crop, options_.gridSize, order)
          : GridMapping::withSpacing(ct.geometry(), crop, options_.targetSpacing, order);
  PreparedCase prepared{mapping.toGrid(ct), std::nullopt, mapping};
  if (labels) prepared.labels = mapping.toGrid(*labels);
  normalise(prepared.image);
  return prepared;
}

void Preprocessor::normalise(Volume& image) const {
  double sum = 0, sumSquares = 0;
  for (float& value : image.voxels()) {
    value = std::clamp(value, options_.windowLowHu, options_.windowHighHu);
    sum += value;
    sumSquares += static_cast<double>(value) * value;
  }
  if (!options_.zScore) return;
  const double count = static_cast<double>(image.voxelCount());
  const double mean = sum / count;
  const double deviation = std::sqrt(std::max(sumSquares / count - mean * mean, 0.0));
  const double scale = deviation > 1e-6 ? 1.0 / deviation : 1.0;
  for (float& value : image.voxels()) value = static_cast<float>((value - mean) * scale);
}

std::vector<float> Preprocessor::probabilitiesToNative(const std::vector<float>& gridProbabilities,
                                                       std::size_t channels,
                                                       const GridMapping& mapping) {
  std::vector<float> outside(channels, 0.f);
  outside[0] = 1.f;
  return mapping.toNative(gridProbabilities, channels, outside);
}

LabelMap Preprocessor::labelsFromProbabilities(const std::vector<float>& nativeProbabilities,
                                               std::size_t channels, const ImageGeometry& native) {
  LabelMap labels(native);
  const std::size_t voxels = native.voxelCount();
  for (std::size_t index = 0; index < voxels; ++index) {
    std::size_t best = 0;
    for (std::size_t channel = 1; channel < channels; ++channel)
      if (nativeProbabilities[channel * voxels + index] >
          nativeProbabilities[best * voxels + index])
        best = channel;
    labels[index] = static_cast<std::uint16_t>(best);
  }
  return labels;
}

}  // namespace voxsiam::image
