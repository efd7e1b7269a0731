#include "core/edit/effects/Smoothing.h"
#include "core/edit/effects/EffectTable.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/edit/effects/RegionBox.h"
#include "core/image/SeparableFilter.h"

namespace voxsiam::edit {
namespace {

std::vector<unsigned char> majority(const std::vector<unsigned char>& mask, const RegionBox& box,
                                    const std::array<double, 3>& spacing, double mm) {
  const auto kernels = image::boxKernels(spacing, mm);
  std::vector<float> votes(mask.begin(), mask.end());
  image::convolveSeparable(votes, box.size(), kernels);
  const double half = 0.5 * double(kernels[0].size() * kernels[1].size() * kernels[2].size());
  std::vector<unsigned char> result(mask.size());
  for (std::size_t local = 0; local < mask.size(); ++local) result[local] = votes[local] > half;
  return result;
}

/// Writes `result` over `mask` for organ `label` in `box`: added voxels as `scope` allows.
void write(ChangeRecorder& recorder, const RegionBox& box, const std::vector<unsigned char>& mask,
           const std::vector<unsigned char>& result, std::uint16_t label,
           const EffectScope& scope) {
  const auto& labels = recorder.labels();
  const auto& geometry = labels.geometry();
  for (std::size_t local = 0; local < mask.size(); ++local) {
    if (result[local] == mask[local]) continue;
    const std::size_t index = box.gridIndex(geometry, local);
    if (!result[local]) {
      recorder.set(index, 0);
    } else if (scope.mayPaint(index, labels[index], label)) {
      recorder.set(index, label);
    }
  }
}

}  // namespace

std::size_t smoothOrgan(ChangeRecorder& recorder, std::uint16_t label, SmoothingKind kind,
                        double mm, const EffectScope& scope) {
  const auto& geometry = recorder.labels().geometry();
  const auto organ = RegionBox::around(recorder.labels(), label);
  if (!organ || !(mm > 0) || !std::isfinite(mm)) return 0;
  const std::size_t before = recorder.size();
  const RegionBox box = organ->grown(kind == SmoothingKind::Closing ? 2 * mm : mm, geometry);
  const auto mask = box.maskOf(recorder.labels(), label);
  const auto& spacing = geometry.spacing;
  std::vector<unsigned char> result;
  if (kind == SmoothingKind::Median) {
    result = majority(mask, box, spacing, mm);
  } else if (kind == SmoothingKind::Opening) {
    result = dilate(erode(mask, box, spacing, mm), box, spacing, mm);
    for (std::size_t local = 0; local < mask.size(); ++local) result[local] &= mask[local];
  } else {
    result = erode(dilate(mask, box, spacing, mm), box, spacing, mm);
    for (std::size_t local = 0; local < mask.size(); ++local) result[local] |= mask[local];
  }
  write(recorder, box, mask, result, label, scope);
  return recorder.size() - before;
}

std::size_t smoothJointly(ChangeRecorder& recorder, double sigmaMm) {
  const auto& labels = recorder.labels();
  const auto& geometry = labels.geometry();
  if (!(sigmaMm > 0) || !std::isfinite(sigmaMm)) return 0;
  std::set<std::uint16_t> organs;
  for (std::size_t index = 0; index < labels.voxelCount(); ++index)
    if (labels[index] != 0) organs.insert(labels[index]);
  if (organs.empty()) return 0;
  std::optional<RegionBox> all;
  for (const auto organ : organs) {
    const auto box = *RegionBox::around(labels, organ);
    if (!all) all = box;
    for (int axis = 0; axis < 3; ++axis) {
      all->low[axis] = std::min(all->low[axis], box.low[axis]);
      all->high[axis] = std::max(all->high[axis], box.high[axis]);
    }
  }
  const RegionBox box = all->grown(2.5 * sigmaMm, geometry);
  const auto kernels = image::gaussianKernels(geometry.spacing, sigmaMm);
  std::vector<float> best(box.voxelCount(), 0.0f), background(box.voxelCount(), 1.0f);
  std::vector<std::uint16_t> winner(box.voxelCount(), 0);
  for (const auto organ : organs) {
    const auto mask = box.maskOf(labels, organ);
    std::vector<float> score(mask.begin(), mask.end());
    image::convolveSeparable(score, box.size(), kernels);
    for (std::size_t local = 0; local < score.size(); ++local) {
      background[local] -= score[local];
      if (score[local] > best[local]) best[local] = score[local], winner[local] = organ;
    }
  }
  const std::size_t before = recorder.size();
  for (std::size_t local = 0; local < winner.size(); ++local) {
    const std::uint16_t label = background[local] >= best[local] ? 0 : winner[local];
    recorder.set(box.gridIndex(geometry, local), label);
  }
  return recorder.size() - before;
}

EffectEntry smoothingEffect() {
  return {"smooth", "Smoothing",
          [](ChangeRecorder& recorder, const EffectRequest& request) -> std::size_t {
            if (request.variant == "joint") return smoothJointly(recorder, request.mm);
            const auto kind = request.variant == "opening"   ? SmoothingKind::Opening
                              : request.variant == "closing" ? SmoothingKind::Closing
                                                             : SmoothingKind::Median;
            return smoothOrgan(recorder, request.label, kind, request.mm, request.scope);
          },
          [](const EffectRequest& request, const std::string& organ) {
            const std::string kind = request.variant.empty() ? "median" : request.variant;
            return kind + " smoothing of " + (kind == "joint" ? std::string("all organs") : organ);
          }};
}

}  // namespace voxsiam::edit
