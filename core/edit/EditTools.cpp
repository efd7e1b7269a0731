#include "core/edit/EditTools.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/image/DistanceTransform.h"
#include "core/image/LabelComponents.h"

namespace voxsiam::edit {
namespace {

/// Walks the voxels of a slice: the two in-plane axes of `sliceAxis`.
std::array<int, 2> inPlaneAxes(int sliceAxis) {
  return sliceAxis == 0 ? std::array<int, 2>{1, 2}
                        : (sliceAxis == 1 ? std::array<int, 2>{0, 2} : std::array<int, 2>{0, 1});
}

std::size_t linear(const image::ImageGeometry& geometry, const VoxelIndex& v) {
  return geometry.linearIndex(v[0], v[1], v[2]);
}

bool allowed(const image::Volume* image, std::size_t index, const BrushSettings& settings) {
  if (!settings.intensity || !image) return true;
  const float value = (*image)[index];
  return value >= settings.intensity->minimum && value <= settings.intensity->maximum;
}

/// Signed distance (mm) to the boundary of `label` in slice `slice` along `sliceAxis`:
/// negative inside.
std::vector<double> signedDistance(const image::LabelMap& labels, std::uint16_t label,
                                   int sliceAxis, std::size_t slice) {
  const auto& geometry = labels.geometry();
  const auto plane = inPlaneAxes(sliceAxis);
  const std::array<std::size_t, 3> size{geometry.size[plane[0]], geometry.size[plane[1]], 1};
  const std::array<double, 3> spacing{geometry.spacing[plane[0]], geometry.spacing[plane[1]], 1};
  std::vector<unsigned char> inside(size[0] * size[1]), outside(size[0] * size[1]);
  for (std::size_t v = 0; v < size[1]; ++v)
    for (std::size_t u = 0; u < size[0]; ++u) {
      VoxelIndex voxel{};
      voxel[sliceAxis] = slice, voxel[plane[0]] = u, voxel[plane[1]] = v;
      const bool in = labels[linear(geometry, voxel)] == label;
      inside[u + size[0] * v] = in;
      outside[u + size[0] * v] = !in;
    }
  const auto toInside = image::squaredDistanceToFeatures(inside, size, spacing);
  const auto toOutside = image::squaredDistanceToFeatures(outside, size, spacing);
  // The boundary lies half a voxel from the centres on either side of it.
  const double half = 0.25 * (spacing[0] + spacing[1]);
  std::vector<double> distance(inside.size());
  for (std::size_t p = 0; p < distance.size(); ++p) {
    distance[p] = inside[p] ? half - std::sqrt(toOutside[p]) : std::sqrt(toInside[p]) - half;
  }
  return distance;
}

std::vector<bool> slicesWithLabel(const image::LabelMap& labels, std::uint16_t label,
                                  int sliceAxis) {
  const auto& geometry = labels.geometry();
  std::vector<bool> drawn(geometry.size[sliceAxis], false);
  for (std::size_t index = 0; index < labels.voxelCount(); ++index) {
    if (labels[index] == label) drawn[geometry.voxelOf(index)[sliceAxis]] = true;
  }
  return drawn;
}

/// Fills (or, with `replace`, reshapes) `label` in the slices strictly between `below` and
/// `above` from the blend of their signed distance maps. Returns the slices that changed.
std::size_t fillBetween(ChangeRecorder& recorder, std::uint16_t label, int sliceAxis,
                        std::size_t below, std::size_t above, bool replace = false) {
  const auto& geometry = recorder.labels().geometry();
  const auto plane = inPlaneAxes(sliceAxis);
  const auto lower = signedDistance(recorder.labels(), label, sliceAxis, below);
  const auto upper = signedDistance(recorder.labels(), label, sliceAxis, above);
  std::size_t changedSlices = 0;
  for (std::size_t slice = below + 1; slice < above; ++slice) {
    const double t = double(slice - below) / double(above - below);
    bool changed = false;
    for (std::size_t v = 0; v < geometry.size[plane[1]]; ++v)
      for (std::size_t u = 0; u < geometry.size[plane[0]]; ++u) {
        const std::size_t p = u + geometry.size[plane[0]] * v;
        const bool inside = (1 - t) * lower[p] + t * upper[p] <= 0;
        VoxelIndex voxel{};
        voxel[sliceAxis] = slice, voxel[plane[0]] = u, voxel[plane[1]] = v;
        const std::size_t index = linear(geometry, voxel);
        const std::uint16_t now = recorder.labels()[index];
        const std::uint16_t wanted =
            inside && now == 0 ? label : (!inside && replace && now == label ? 0 : now);
        if (wanted == now) continue;
        recorder.set(index, wanted);
        changed = true;
      }
    changedSlices += changed ? 1 : 0;
  }
  return changedSlices;
}

}  // namespace

void paintBrush(ChangeRecorder& recorder, const image::Volume* image, const VoxelIndex& center,
                int sliceAxis, const BrushSettings& settings) {
  const auto& geometry = recorder.labels().geometry();
  std::array<std::size_t, 3> low{}, high{};
  for (int axis = 0; axis < 3; ++axis) {
    const bool flat = !settings.sphere && axis == sliceAxis;
    const auto reach = flat ? 0 : static_cast<long>(settings.radiusMm / geometry.spacing[axis]);
    low[axis] = static_cast<std::size_t>(std::max(0L, long(center[axis]) - reach));
    high[axis] = std::min(geometry.size[axis] - 1, center[axis] + static_cast<std::size_t>(reach));
  }
  const double limit = settings.radiusMm * settings.radiusMm;
  const std::uint16_t value = settings.erase ? 0 : settings.label;
  for (std::size_t k = low[2]; k <= high[2]; ++k)
    for (std::size_t j = low[1]; j <= high[1]; ++j)
      for (std::size_t i = low[0]; i <= high[0]; ++i) {
        const double di = (double(i) - double(center[0])) * geometry.spacing[0];
        const double dj = (double(j) - double(center[1])) * geometry.spacing[1];
        const double dk = (double(k) - double(center[2])) * geometry.spacing[2];
        if (di * di + dj * dj + dk * dk > limit) continue;
        const std::size_t index = geometry.linearIndex(i, j, k);
        if (allowed(image, index, settings)) recorder.set(index, value);
      }
}

/// Marks the voxels of the slice through `seed` that a fill must not enter (air outside the
/// body, values outside the HU limit) as visited.
void markOutOfBounds(const image::ImageGeometry& geometry, const VoxelIndex& seed, int sliceAxis,
                     const FillBounds& bounds, std::vector<unsigned char>& visited) {
  if (!bounds.image) return;
  const auto plane = inPlaneAxes(sliceAxis);
  for (std::size_t v = 0; v < geometry.size[plane[1]]; ++v)
    for (std::size_t u = 0; u < geometry.size[plane[0]]; ++u) {
      VoxelIndex voxel = seed;
      voxel[plane[0]] = u, voxel[plane[1]] = v;
      const std::size_t index = linear(geometry, voxel);
      const float value = (*bounds.image)[index];
      const bool inRange = !bounds.intensity || (value >= bounds.intensity->minimum &&
                                                 value <= bounds.intensity->maximum);
      if (value <= bounds.bodyThresholdHu || !inRange) visited[index] = 1;
    }
}

void floodFillSlice(ChangeRecorder& recorder, const VoxelIndex& seed, int sliceAxis,
                    std::uint16_t label, const FillBounds& bounds) {
  const auto& geometry = recorder.labels().geometry();
  std::vector<unsigned char> visited(recorder.labels().voxelCount(), 0);
  markOutOfBounds(geometry, seed, sliceAxis, bounds, visited);
  const std::size_t start = linear(geometry, seed);
  if (visited[start]) return;
  const auto plane = inPlaneAxes(sliceAxis);
  for (const std::size_t index :
       image::regionAt(recorder.labels(), start, {plane[0], plane[1]}, visited)) {
    recorder.set(index, label);
  }
}

void relabelRegion(ChangeRecorder& recorder, const VoxelIndex& seed, std::uint16_t label) {
  std::vector<unsigned char> visited(recorder.labels().voxelCount(), 0);
  for (const std::size_t index : image::regionAt(
           recorder.labels(), linear(recorder.labels().geometry(), seed), {0, 1, 2}, visited)) {
    recorder.set(index, label);
  }
}

std::size_t removeSmallIslands(ChangeRecorder& recorder, std::uint16_t label,
                               std::size_t minimumVoxels) {
  std::size_t removed = 0;
  for (const auto& component : image::componentsOf(recorder.labels(), label)) {
    if (component.size() >= minimumVoxels) continue;
    for (const std::size_t voxel : component) recorder.set(voxel, 0);
    ++removed;
  }
  return removed;
}

void copyOrgan(ChangeRecorder& recorder, const image::LabelMap& source, std::uint16_t label) {
  for (std::size_t index = 0; index < source.voxelCount(); ++index) {
    if (source[index] == label) {
      recorder.set(index, label);
    } else if (recorder.labels()[index] == label) {
      recorder.set(index, 0);
    }
  }
}

std::size_t interpolateSlices(ChangeRecorder& recorder, std::uint16_t label, int sliceAxis) {
  const auto drawn = slicesWithLabel(recorder.labels(), label, sliceAxis);
  std::size_t filled = 0;
  std::optional<std::size_t> previous;
  for (std::size_t slice = 0; slice < drawn.size(); ++slice) {
    if (!drawn[slice]) continue;
    if (previous && slice > *previous + 1) {
      fillBetween(recorder, label, sliceAxis, *previous, slice);
      filled += slice - *previous - 1;
    }
    previous = slice;
  }
  return filled;
}

std::size_t interpolateKeySlices(ChangeRecorder& recorder, std::uint16_t label, int sliceAxis,
                                 std::vector<std::size_t> keySlices) {
  std::sort(keySlices.begin(), keySlices.end());
  keySlices.erase(std::unique(keySlices.begin(), keySlices.end()), keySlices.end());
  std::size_t changed = 0;
  for (std::size_t n = 1; n < keySlices.size(); ++n) {
    if (keySlices[n] > keySlices[n - 1] + 1)
      changed += fillBetween(recorder, label, sliceAxis, keySlices[n - 1], keySlices[n], true);
  }
  return changed;
}

}  // namespace voxsiam::edit
