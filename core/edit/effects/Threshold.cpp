#include "core/edit/effects/Threshold.h"
#include "core/edit/effects/EffectTable.h"
#include "core/edit/effects/SlicePlane.h"

namespace voxsiam::edit {

std::size_t paintThreshold(ChangeRecorder& recorder, const image::Volume& image,
                           const IntensityRange& range, std::uint16_t label,
                           std::optional<SliceSelection> slice, EffectScope scope) {
  const auto& geometry = image.geometry();
  if (!geometry.sameGrid(recorder.labels().geometry())) return 0;
  scope.image = &image;
  scope.intensity = range;
  const auto& labels = recorder.labels();
  const std::size_t before = recorder.size();
  const auto paint = [&](std::size_t index) {
    const float value = image[index];
    if (value >= range.minimum && value <= range.maximum &&
        scope.mayPaint(index, labels[index], label))
      recorder.set(index, label);
  };
  if (!slice) {
    for (std::size_t index = 0; index < image.voxelCount(); ++index) paint(index);
    return recorder.size() - before;
  }
  const SlicePlane plane = SlicePlane::of(geometry, slice->axis);
  for (std::size_t b = 0; b < plane.height; ++b)
    for (std::size_t a = 0; a < plane.width; ++a) {
      const auto at = plane.voxel(a, b, slice->index);
      paint(geometry.linearIndex(at[0], at[1], at[2]));
    }
  return recorder.size() - before;
}

EffectEntry thresholdEffect() {
  return {"threshold", "Threshold",
          [](ChangeRecorder& recorder, const EffectRequest& request) -> std::size_t {
            if (!request.image || !request.range) return 0;
            return paintThreshold(recorder, *request.image, *request.range, request.label,
                                  request.slice, request.scope);
          },
          [](const EffectRequest& request, const std::string& organ) {
            return "threshold " + organ + (request.slice ? " in the slice" : " in the volume");
          }};
}

}  // namespace voxsiam::edit
