#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/image/Image3D.h"

namespace voxsiam::image {

/// A closed outline in one slice, as (column, row) points in voxel-index units: voxel centres lie
/// at whole numbers, the outline runs along voxel edges at half numbers. The last point joins
/// the first.
using Outline = std::vector<std::array<double, 2>>;

/// The outlines of the voxels of value `id` in slice `k` of `labels`: every boundary between
/// such a voxel and another one (or the slice's edge) lies on exactly one outline, collinear
/// points merged. Holes give outlines of their own, so filling all outlines even-odd
/// (fillOutlines) gives back exactly the voxels.
std::vector<Outline> sliceOutlines(const LabelMap& labels, std::uint16_t id, std::size_t k);

/// Marks the voxels of a `columns` x `rows` slice whose centres lie inside the outlines by the
/// even-odd rule (inside an odd number of them): `inside[row * columns + column]`.
void fillOutlines(const std::vector<Outline>& outlines, std::size_t columns, std::size_t rows,
                  std::vector<bool>& inside);

}  // namespace voxsiam::image
