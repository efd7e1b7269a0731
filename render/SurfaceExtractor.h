#pragma once
#include <cstdint>

#include "core/image/Image3D.h"
#include "core/image/SurfaceMesh.h"

namespace voxsiam::render {

/// The smoothed surface of organ `label` of `labels`, in patient (LPS, mm) coordinates, with
/// normals; empty when the organ has no voxel. Works on the organ's bounding box only, and may
/// run on any thread.
image::SurfaceMesh extractOrganSurface(const image::LabelMap& labels, std::uint16_t label,
                                       int smoothingIterations = 20);

}  // namespace voxsiam::render
