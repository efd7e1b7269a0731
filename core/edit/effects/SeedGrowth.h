#pragma once
#include <cstdint>
#include <set>
#include <utility>
#include <vector>

#include "core/edit/ChangeRecorder.h"
#include "core/edit/effects/EffectScope.h"
#include "core/edit/effects/RegionBox.h"

namespace voxsiam::edit {

/// Grow from seeds: strokes of several organs and of background compete over the CT, and every
/// voxel of the region takes the label of the seed it is best connected to.
///
/// The method is a competitive image foresting transform (a Dijkstra flood from all seeds at
/// once, as in Fast GrowCut) on the lightly smoothed image: a path costs the sum over its steps
/// of (HU step / tau)^2 plus 0.003 per mm, tau being the median step inside the body (the
/// tissue's noise). Squaring makes one step across an organ's edge cost what hundreds of steps
/// through noise cost, so an organ is reached from its own seeds whatever its size, and the
/// small length term
/// splits flat regions halfway between seeds. Chosen over a plain sum of HU steps, with which
/// noise adds up along long paths and large organs leak to a nearby background seed; over the
/// largest step alone (minimax), under which everything beyond the first strong edge (e.g. the
/// air around the body) is a tie; and over ITK's watershed, which needs a flood level per image.
/// One pass of O(n log n); added seeds only re-flood the voxels they now reach more cheaply, so
/// re-seeding refines the result instead of starting over.
class SeedGrowth {
 public:
  /// The label meaning "background seed" in addSeeds().
  static constexpr std::uint16_t kBackground = 0xFFFF;

  /// Prepares growing over `box` of `image`; voxels where `locked` (grid-sized, may be empty) is
  /// set are never taken (e.g. organs that were not seeded).
  SeedGrowth(const image::Volume& image, RegionBox box, std::vector<unsigned char> locked = {});

  /// Adds seeds (grid index, organ label or kBackground) inside the box and grows from them.
  void addSeeds(const std::vector<std::pair<std::size_t, std::uint16_t>>& seeds);
  /// The label each box voxel grew into (0: background or unreached), box order.
  std::vector<std::uint16_t> result() const;
  const RegionBox& box() const { return box_; }

 private:
  void flood();

  RegionBox box_;
  std::array<std::size_t, 3> extent_;
  std::array<double, 3> spacing_;
  std::vector<float> smoothed_;
  std::vector<unsigned char> locked_;
  std::vector<float> cost_;
  std::vector<std::uint16_t> label_;
  std::array<std::size_t, 3> gridSize_;
  float tau_ = 1;
  struct Entry {
    float cost;
    std::uint32_t local;
    bool operator>(const Entry& other) const { return cost > other.cost; }
  };
  std::vector<Entry> heap_;
};

/// Writes growth result `grown` (SeedGrowth::result() over `box`) into the labels: organs of
/// `seededOrgans` take the voxels they grew into and lose the others; other organs are kept;
/// painting follows `scope`'s HU limit. Returns the voxels changed.
std::size_t writeGrowth(ChangeRecorder& recorder, const RegionBox& box,
                        const std::vector<std::uint16_t>& grown,
                        const std::set<std::uint16_t>& seededOrgans, const EffectScope& scope);

/// Grows the organs of `seeds` (same grid: 0 unknown, organ ids, `backgroundId` for background
/// seeds) over `image` within the seeds' box grown by `marginMm`, and writes the organs there:
/// seeded organs take the voxels they grew into and lose the others; voxels of organs without
/// seeds are kept; painting follows `scope`'s HU limit. Returns the voxels changed.
std::size_t growFromSeeds(ChangeRecorder& recorder, const image::Volume& image,
                          const image::LabelMap& seeds, std::uint16_t backgroundId,
                          double marginMm = 30, const EffectScope& scope = {});

}  // namespace voxsiam::edit
