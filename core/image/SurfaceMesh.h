#pragma once
#include <array>
#include <cstdint>
#include <vector>

namespace voxsiam::image {

/// A triangle mesh in patient (LPS, mm) coordinates: what a surface builder hands to a view.
struct SurfaceMesh {
  std::vector<std::array<float, 3>> points;
  std::vector<std::array<float, 3>> normals;  ///< one per point, or empty
  std::vector<std::array<std::uint32_t, 3>> triangles;

  /// True when the mesh has no triangle (the organ has no voxel).
  bool empty() const { return triangles.empty(); }
};

}  // namespace voxsiam::image
