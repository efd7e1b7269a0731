#pragma once
#include <cstdint>
#include <vector>

#include "core/image/Image3D.h"
#include "core/metrics/OrganMetrics.h"

namespace voxsiam::metrics {

/// Dice, HD95 and ASSD per label between a predicted and a reference label map (DESIGN.md §3):
/// surfaces are mask voxels with a 6-neighbour outside the mask or the image; distances are exact
/// Euclidean distances in mm, computed inside the bounding box of both masks of each label.
class SegmentationEvaluator {
 public:
  /// Uses `threads` worker threads (0: all hardware threads).
  explicit SegmentationEvaluator(unsigned threads = 0);

  /// Metrics of each label in `labels`, in that order. Voxels the reference leaves unannotated
  /// (image::kNotAnnotated) count for no organ on either side. Throws std::invalid_argument when
  /// the two maps do not share one grid.
  std::vector<OrganMetrics> evaluate(const image::LabelMap& predicted,
                                     const image::LabelMap& reference,
                                     const std::vector<std::uint16_t>& labels) const;

  /// Dice alone of each label in `labels` (one pass over the voxels, no surfaces): what is cheap
  /// enough to score every save. Throws std::invalid_argument for maps on different grids.
  static std::vector<OrganMetrics> dice(const image::LabelMap& predicted,
                                        const image::LabelMap& reference,
                                        const std::vector<std::uint16_t>& labels);

  /// Labels other than 0 and image::kNotAnnotated present in either map, ascending.
  static std::vector<std::uint16_t> presentLabels(const image::LabelMap& predicted,
                                                  const image::LabelMap& reference);

 private:
  unsigned threads_;
};

}  // namespace voxsiam::metrics
