#pragma once
#include <array>
#include <optional>

#include "core/image/Image3D.h"
#include "core/image/ImageGeometry.h"

namespace voxsiam::image {

/// How the voxels of one grid lie on another when both are the same physical lattice stored in
/// another axis order or direction (a permutation and flips of the same voxel centres, as when
/// one tool writes a DICOM series' y axis flipped): axis `axis[t]` of the stored grid runs along
/// axis t of the target grid, backwards where `reversed[t]`.
struct LatticeOrder {
  std::array<int, 3> axis{0, 1, 2};
  std::array<bool, 3> reversed{false, false, false};
};

/// The order that brings grid `stored` onto grid `target` voxel for voxel, when every voxel
/// centre of one is a voxel centre of the other (within `tolerance` of a voxel); unset when the
/// lattices really differ (size, spacing, position or an oblique turn).
std::optional<LatticeOrder> sameLattice(const ImageGeometry& stored, const ImageGeometry& target,
                                        double tolerance = 1e-3);

/// `labels`, whose grid is the same lattice as `target` (sameLattice holds), with its voxels
/// rearranged onto `target` exactly: no interpolation, every voxel kept.
LabelMap onLattice(const LabelMap& labels, const ImageGeometry& target, const LatticeOrder& order);

}  // namespace voxsiam::image
