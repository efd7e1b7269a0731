#include "core/edit/effects/LevelTrace.h"

#include <deque>

#include "core/edit/effects/SlicePlane.h"

namespace voxsiam::edit {
namespace {

/// The slice's values averaged over each pixel's 3x3 neighbourhood (clipped at the border).
std::vector<float> smoothedSlice(const image::Volume& image, const SlicePlane& plane,
                                 std::size_t slice) {
  const auto& geometry = image.geometry();
  std::vector<float> raw(plane.width * plane.height);
  for (std::size_t b = 0; b < plane.height; ++b)
    for (std::size_t a = 0; a < plane.width; ++a) {
      const auto at = plane.voxel(a, b, slice);
      raw[a + b * plane.width] = image[geometry.linearIndex(at[0], at[1], at[2])];
    }
  std::vector<float> smooth(raw.size());
  for (std::size_t b = 0; b < plane.height; ++b)
    for (std::size_t a = 0; a < plane.width; ++a) {
      double sum = 0;
      int count = 0;
      for (std::size_t q = b ? b - 1 : 0; q <= std::min(b + 1, plane.height - 1); ++q)
        for (std::size_t p = a ? a - 1 : 0; p <= std::min(a + 1, plane.width - 1); ++p)
          sum += raw[p + q * plane.width], ++count;
      smooth[a + b * plane.width] = float(sum / count);
    }
  return smooth;
}

/// Visits the 4-connected pixels reachable from `starts` through pixels where `passable` holds,
/// setting them in `reached`.
template <typename Passable>
void flood(const SlicePlane& plane, std::vector<std::size_t> starts, Passable passable,
           std::vector<std::uint8_t>& reached) {
  std::deque<std::size_t> queue;
  for (std::size_t start : starts)
    if (!reached[start] && passable(start)) reached[start] = 1, queue.push_back(start);
  while (!queue.empty()) {
    const std::size_t at = queue.front();
    queue.pop_front();
    const std::size_t a = at % plane.width, b = at / plane.width;
    const std::size_t next[4] = {a > 0 ? at - 1 : at, a + 1 < plane.width ? at + 1 : at,
                                 b > 0 ? at - plane.width : at,
                                 b + 1 < plane.height ? at + plane.width : at};
    for (std::size_t neighbour : next)
      if (!reached[neighbour] && passable(neighbour))
        reached[neighbour] = 1, queue.push_back(neighbour);
  }
}

/// The border pixels of the slice.
std::vector<std::size_t> borderPixels(const SlicePlane& plane) {
  std::vector<std::size_t> border;
  for (std::size_t a = 0; a < plane.width; ++a)
    border.push_back(a), border.push_back(a + (plane.height - 1) * plane.width);
  for (std::size_t b = 0; b < plane.height; ++b)
    border.push_back(b * plane.width), border.push_back(plane.width - 1 + b * plane.width);
  return border;
}

}  // namespace

SliceRegion traceLevel(const image::Volume& image, const VoxelIndex& seed, int axis, bool darker,
                       const image::LabelMap* labels, std::uint16_t label) {
  SliceRegion region;
  const auto& geometry = image.geometry();
  if (axis < 0 || axis > 2 || seed[0] >= geometry.size[0] || seed[1] >= geometry.size[1] ||
      seed[2] >= geometry.size[2])
    return region;
  const SlicePlane plane = SlicePlane::of(geometry, axis);
  region.axis = axis, region.slice = seed[axis];
  region.width = plane.width, region.height = plane.height;
  const auto values = smoothedSlice(image, plane, region.slice);
  const std::size_t start = seed[plane.axisA] + seed[plane.axisB] * plane.width;
  const float level = values[start];
  std::vector<std::uint8_t> blocked(values.size(), 0);
  if (labels && labels->geometry().sameGrid(geometry))
    for (std::size_t b = 0; b < plane.height; ++b)
      for (std::size_t a = 0; a < plane.width; ++a) {
        const auto at = plane.voxel(a, b, region.slice);
        const std::uint16_t value = (*labels)[geometry.linearIndex(at[0], at[1], at[2])];
        blocked[a + b * plane.width] = value != 0 && value != label;
      }
  const auto onSide = [&](std::size_t at) {
    return !blocked[at] && (darker ? values[at] <= level : values[at] >= level);
  };
  std::vector<std::uint8_t> traced(values.size(), 0);
  flood(plane, {start}, onSide, traced);
  std::vector<std::uint8_t> outside(values.size(), 0);
  flood(
      plane, borderPixels(plane), [&](std::size_t at) { return !traced[at]; }, outside);
  region.inside.assign(values.size(), 0);
  for (std::size_t at = 0; at < values.size(); ++at)
    if (!outside[at]) region.inside[at] = 1, ++region.pixels;
  return region;
}

std::size_t paintSliceRegion(ChangeRecorder& recorder, const SliceRegion& region,
                             std::uint16_t label, const EffectScope& scope) {
  const auto& labels = recorder.labels();
  const auto& geometry = labels.geometry();
  const SlicePlane plane = SlicePlane::of(geometry, region.axis);
  if (plane.width != region.width || plane.height != region.height ||
      region.slice >= plane.slices || region.inside.size() != region.width * region.height)
    return 0;
  const std::size_t before = recorder.size();
  for (std::size_t b = 0; b < plane.height; ++b)
    for (std::size_t a = 0; a < plane.width; ++a) {
      if (!region.inside[a + b * plane.width]) continue;
      const auto at = plane.voxel(a, b, region.slice);
      const std::size_t index = geometry.linearIndex(at[0], at[1], at[2]);
      if (scope.mayPaint(index, labels[index], label)) recorder.set(index, label);
    }
  return recorder.size() - before;
}

}  // namespace voxsiam::edit
