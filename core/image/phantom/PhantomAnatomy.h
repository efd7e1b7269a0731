#pragma once
#include <cstdint>
#include <random>
#include <vector>

#include "core/image/phantom/PhantomShape.h"

namespace voxsiam::image::phantom {

/// A tissue painted into the phantom: its solids, mean HU and label (0 = unlabelled tissue).
struct TissueLayer {
  std::vector<PhantomShape> shapes;
  float hu = 0;
  std::uint16_t label = 0;
  std::uint16_t onlyWithinLabel = 0;  ///< when set, paints only voxels already of this label
};

/// Where a point lies relative to the body wall.
enum class BodyRegion { Air, SubcutaneousFat, Muscle, Cavity };

/// One random anatomy in the anatomical frame (mm, LPS: x to the patient's left, y posterior,
/// z up; body axis at x = y = 0): body size, wall thicknesses, spine, ribs and the tissue layers
/// in painting order (later layers win).
class PhantomAnatomy {
 public:
  /// Draws an anatomy: every size, position and shape comes from `random`.
  static PhantomAnatomy random(std::mt19937_64& random);

  /// Body wall region of `point`.
  BodyRegion region(const Point& point) const;
  /// HU of spine or rib bone (or disc, canal) at `point`, or NaN where there is none.
  float skeletonHu(const Point& point) const;
  const std::vector<TissueLayer>& layers() const { return layers_; }

 private:
  double ellipseRadius(const Point& point, double inset) const;
  float spineHu(const Point& point) const;
  float ribHu(const Point& point) const;
  void addOrgans(std::mt19937_64& random);
  void addSupportTissues(std::mt19937_64& random);

  double halfWidth_ = 160, halfDepth_ = 115, fat_ = 20, muscle_ = 12, taper_ = 0.05;
  double spineY_ = 60, vertebraRadius_ = 18, discPhase_ = 0, ribPhase_ = 0;
  std::vector<TissueLayer> layers_;
};

}  // namespace voxsiam::image::phantom
