#include "core/metrics/SegmentationEvaluator.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <stdexcept>
#include <thread>

#include "core/image/DistanceTransform.h"
#include "core/image/LabelScheme.h"

namespace voxsiam::metrics {
namespace {

using image::LabelMap;
using Index3 = std::array<std::size_t, 3>;

/// Inclusive voxel bounds of one label's mask and its voxel count.
struct Box {
  Index3 low{SIZE_MAX, SIZE_MAX, SIZE_MAX};
  Index3 high{0, 0, 0};
  std::size_t count = 0;
  void add(const Index3& voxel) {
    for (int axis = 0; axis < 3; ++axis) {
      low[axis] = std::min(low[axis], voxel[axis]);
      high[axis] = std::max(high[axis], voxel[axis]);
    }
    ++count;
  }
  void merge(const Box& other) {
    if (other.count == 0) return;
    for (int axis = 0; axis < 3; ++axis) {
      low[axis] = std::min(low[axis], other.low[axis]);
      high[axis] = std::max(high[axis], other.high[axis]);
    }
    count += other.count;
  }
};

/// Bounding box of every label value of `labels`, indexed by label.
std::vector<Box> labelBoxes(const LabelMap& labels) {
  std::vector<Box> boxes(65536);
  const auto& size = labels.size();
  std::size_t index = 0;
  for (std::size_t k = 0; k < size[2]; ++k)
    for (std::size_t j = 0; j < size[1]; ++j)
      for (std::size_t i = 0; i < size[0]; ++i, ++index)
        if (labels[index]) boxes[labels[index]].add({i, j, k});
  return boxes;
}

bool onSurface(const LabelMap& labels, std::uint16_t label, const Index3& voxel) {
  const auto& size = labels.size();
  for (int axis = 0; axis < 3; ++axis) {
    if (voxel[axis] == 0 || voxel[axis] + 1 == size[axis]) return true;
    Index3 before = voxel, after = voxel;
    --before[axis];
    ++after[axis];
    if (labels.at(before[0], before[1], before[2]) != label ||
        labels.at(after[0], after[1], after[2]) != label)
      return true;
  }
  return false;
}

/// Surface voxels of `label` inside `box`, as a mask on the box's grid.
std::vector<unsigned char> surfaceInBox(const LabelMap& labels, std::uint16_t label, const Box& box,
                                        const Index3& boxSize) {
  std::vector<unsigned char> surface(boxSize[0] * boxSize[1] * boxSize[2], 0);
  std::size_t index = 0;
  for (std::size_t k = box.low[2]; k <= box.high[2]; ++k)
    for (std::size_t j = box.low[1]; j <= box.high[1]; ++j)
      for (std::size_t i = box.low[0]; i <= box.high[0]; ++i, ++index)
        surface[index] = labels.at(i, j, k) == label && onSurface(labels, label, {i, j, k});
  return surface;
}

/// Distances (mm) from each `from` surface voxel to the nearest `to` surface voxel.
std::vector<double> directedDistances(const std::vector<unsigned char>& from,
                                      const std::vector<unsigned char>& to, const Index3& boxSize,
                                      const std::array<double, 3>& spacing) {
  const auto squared = image::squaredDistanceToFeatures(to, boxSize, spacing);
  std::vector<double> distances;
  for (std::size_t index = 0; index < from.size(); ++index)
    if (from[index]) distances.push_back(std::sqrt(squared[index]));
  return distances;
}

std::size_t overlapInBox(const LabelMap& a, const LabelMap& b, std::uint16_t label,
                         const Box& box) {
  std::size_t overlap = 0;
  for (std::size_t k = box.low[2]; k <= box.high[2]; ++k)
    for (std::size_t j = box.low[1]; j <= box.high[1]; ++j)
      for (std::size_t i = box.low[0]; i <= box.high[0]; ++i)
        overlap += a.at(i, j, k) == label && b.at(i, j, k) == label;
  return overlap;
}

void addSurfaceDistances(const LabelMap& predicted, const LabelMap& reference, const Box& box,
                         OrganMetrics& organ) {
  const Index3 boxSize{box.high[0] - box.low[0] + 1, box.high[1] - box.low[1] + 1,
                       box.high[2] - box.low[2] + 1};
  const auto& spacing = predicted.geometry().spacing;
  const auto predictedSurface = surfaceInBox(predicted, organ.label, box, boxSize);
  const auto referenceSurface = surfaceInBox(reference, organ.label, box, boxSize);
  auto forward = directedDistances(predictedSurface, referenceSurface, boxSize, spacing);
  auto backward = directedDistances(referenceSurface, predictedSurface, boxSize, spacing);
  double total = 0;
  for (double distance : forward) total += distance;
  for (double distance : backward) total += distance;
  organ.assd = total / static_cast<double>(forward.size() + backward.size());
  organ.hd95 = std::max(linearPercentile(forward, 0.95), linearPercentile(backward, 0.95));
}

OrganMetrics evaluateLabel(const LabelMap& predicted, const LabelMap& reference,
                           std::uint16_t label, const Box& predictedBox, const Box& referenceBox) {
  OrganMetrics organ;
  organ.label = label;
  organ.predictedVoxels = predictedBox.count;
  organ.referenceVoxels = referenceBox.count;
  if (predictedBox.count == 0 && referenceBox.count == 0) return organ;
  if (predictedBox.count == 0 || referenceBox.count == 0) {
    organ.dice = 0.0;
    return organ;
  }
  Box both = predictedBox;
  both.merge(referenceBox);
  const auto overlap = overlapInBox(predicted, reference, label, both);
  organ.dice = 2.0 * static_cast<double>(overlap) /
               static_cast<double>(predictedBox.count + referenceBox.count);
  addSurfaceDistances(predicted, reference, both, organ);
  return organ;
}

/// True when `reference` has voxels nobody annotated.
bool hasUnannotated(const LabelMap& reference) {
  for (const auto label : reference.voxels())
    if (label == image::kNotAnnotated) return true;
  return false;
}

/// `labels` with the voxels that `reference` leaves unannotated set to background, so that they
/// count for no organ on either side.
LabelMap withoutUnannotated(const LabelMap& labels, const LabelMap& reference) {
  LabelMap kept = labels;
  for (std::size_t v = 0; v < kept.voxelCount(); ++v)
    if (reference[v] == image::kNotAnnotated) kept[v] = 0;
  return kept;
}

}  // namespace

SegmentationEvaluator::SegmentationEvaluator(unsigned threads)
    : threads_(threads ? threads : std::max(1u, std::thread::hardware_concurrency())) {}

std::vector<OrganMetrics> SegmentationEvaluator::dice(const LabelMap& predicted,
                                                      const LabelMap& reference,
                                                      const std::vector<std::uint16_t>& labels) {
  if (!predicted.geometry().sameGrid(reference.geometry()))
    throw std::invalid_argument("predicted and reference label maps have different grids");
  std::vector<std::size_t> inPredicted(65536), inReference(65536), inBoth(65536);
  for (std::size_t v = 0; v < predicted.voxelCount(); ++v) {
    const auto b = reference[v];
    if (b == image::kNotAnnotated) continue;
    const auto a = predicted[v];
    ++inPredicted[a];
    ++inReference[b];
    if (a == b) ++inBoth[a];
  }
  std::vector<OrganMetrics> results;
  for (const auto label : labels) {
    OrganMetrics organ;
    organ.label = label;
    organ.predictedVoxels = inPredicted[label];
    organ.referenceVoxels = inReference[label];
    const std::size_t total = organ.predictedVoxels + organ.referenceVoxels;
    if (total > 0) organ.dice = 2.0 * double(inBoth[label]) / double(total);
    results.push_back(organ);
  }
  return results;
}

std::vector<OrganMetrics> SegmentationEvaluator::evaluate(
    const LabelMap& predicted, const LabelMap& reference,
    const std::vector<std::uint16_t>& labels) const {
  if (!predicted.geometry().sameGrid(reference.geometry()))
    throw std::invalid_argument("predicted and reference label maps have different grids");
  if (hasUnannotated(reference)) {
    return evaluate(withoutUnannotated(predicted, reference),
                    withoutUnannotated(reference, reference), labels);
  }
  const auto predictedBoxes = labelBoxes(predicted);
  const auto referenceBoxes = labelBoxes(reference);
  std::vector<OrganMetrics> results(labels.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t slot = next++; slot < labels.size(); slot = next++) {
      const auto label = labels[slot];
      results[slot] =
          evaluateLabel(predicted, reference, label, predictedBoxes[label], referenceBoxes[label]);
    }
  };
  std::vector<std::thread> pool;
  const unsigned count = std::min<unsigned>(threads_, std::max<std::size_t>(labels.size(), 1));
  for (unsigned index = 1; index < count; ++index) pool.emplace_back(worker);
  worker();
  for (auto& thread : pool) thread.join();
  return results;
}

std::vector<std::uint16_t> SegmentationEvaluator::presentLabels(const LabelMap& predicted,
                                                                const LabelMap& reference) {
  std::vector<bool> seen(65536, false);
  for (auto label : predicted.voxels()) seen[label] = true;
  for (auto label : reference.voxels()) seen[label] = true;
  std::vector<std::uint16_t> labels;
  seen[image::kNotAnnotated] = false;
  for (std::size_t label = 1; label < seen.size(); ++label)
    if (seen[label]) labels.push_back(static_cast<std::uint16_t>(label));
  return labels;
}

}  // namespace voxsiam::metrics
