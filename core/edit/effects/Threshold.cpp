#include "core/edit/effects/Threshold.h"

namespace voxsiam::edit {

std::vector<unsigned char> thresholdMask(const image::Volume& image, const IntensityRange& range,
                                         std::optional<SliceSelection> slice) {
  const auto& geometry = image.geometry();
  std::vector<unsigned char> mask(image.voxelCount(), 0);
  for (std::size_t index = 0; index < image.voxelCount(); ++index) {
    if (slice && geometry.voxelOf(index)[slice->axis] != slice->index) continue;
    const float value = image[index];
    mask[index] = value >= range.minimum && value <= range.maximum;
  }
  return mask;
}

std::size_t paintThreshold(ChangeRecorder& recorder, const image::Volume& image,
                           const IntensityRange& range, std::uint16_t label,
                           std::optional<SliceSelection> slice, EffectScope scope) {
  if (!image.geometry().sameGrid(recorder.labels().geometry())) return 0;
  scope.image = &image;
  scope.intensity = range;
  const auto mask = thresholdMask(image, range, slice);
  const std::size_t before = recorder.size();
  for (std::size_t index = 0; index < mask.size(); ++index)
    if (mask[index] && scope.mayPaint(index, recorder.labels()[index], label))
      recorder.set(index, label);
  return recorder.size() - before;
}

}  // namespace voxsiam::edit
