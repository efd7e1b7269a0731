#include "core/edit/effects/Smoothing.h"
#include "core/edit/effects/EffectTable.h"

#include <algorithm>
#include <cmath>
#include <map>

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

/// The box around each organ of `labels`, found in one pass.
std::map<std::uint16_t, RegionBox> organBoxes(const image::LabelMap& labels) {
  const auto& size = labels.geometry().size;
  std::map<std::uint16_t, RegionBox> boxes;
  std::uint16_t last = 0;
  RegionBox* box = nullptr;
  for (std::size_t k = 0, index = 0; k < size[2]; ++k)
    for (std::size_t j = 0; j < size[1]; ++j)
      for (std::size_t i = 0; i < size[0]; ++i, ++index) {
        const std::uint16_t label = labels[index];
        if (label == 0) continue;
        if (label != last || !box) {
          auto [entry, added] = boxes.try_emplace(label);
          box = &entry->second;
          if (added) box->low = {i, j, k}, box->high = {i + 1, j + 1, k + 1};
          last = label;
        }
        const std::array<std::size_t, 3> at{i, j, k};
        for (int axis = 0; axis < 3; ++axis) {
          box->low[axis] = std::min(box->low[axis], at[axis]);
          box->high[axis] = std::max(box->high[axis], at[axis] + 1);
        }
      }
  return boxes;
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
  const auto boxes = organBoxes(labels);
  if (boxes.empty()) return 0;
  std::vector<std::pair<std::uint16_t, RegionBox>> grown;
  for (const auto& [organ, box] : boxes)
    grown.push_back({organ, box.grown(2.5 * sigmaMm, geometry)});
  RegionBox all = grown.front().second;
  for (const auto& [organ, box] : grown)
    for (int axis = 0; axis < 3; ++axis) {
      all.low[axis] = std::min(all.low[axis], box.low[axis]);
      all.high[axis] = std::max(all.high[axis], box.high[axis]);
    }
  const auto kernels = image::gaussianKernels(geometry.spacing, sigmaMm);
  const auto size = all.size();
  std::vector<float> best(all.voxelCount(), 0.0f), background(all.voxelCount(), 1.0f);
  std::vector<std::uint16_t> winner(all.voxelCount(), 0);
  for (const auto& [organ, box] : grown) {  // each organ blurred in its own box only
    const auto mask = box.maskOf(labels, organ);
    std::vector<float> score(mask.begin(), mask.end());
    image::convolveSeparable(score, box.size(), kernels);
    const auto own = box.size();
    for (std::size_t k = 0, local = 0; k < own[2]; ++k)
      for (std::size_t j = 0; j < own[1]; ++j) {
        std::size_t shared =
            (box.low[0] - all.low[0]) +
            size[0] * ((box.low[1] + j - all.low[1]) + size[1] * (box.low[2] + k - all.low[2]));
        for (std::size_t i = 0; i < own[0]; ++i, ++local, ++shared) {
          background[shared] -= score[local];
          if (score[local] > best[shared]) best[shared] = score[local], winner[shared] = organ;
        }
      }
  }
  const std::size_t before = recorder.size();
  for (std::size_t local = 0; local < winner.size(); ++local) {
    const std::uint16_t label = background[local] >= best[local] ? 0 : winner[local];
    const std::size_t index = all.gridIndex(geometry, local);
    if (labels[index] != label) recorder.set(index, label);
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
