#pragma once
#include "core/image/Image3D.h"

namespace voxsiam::test {

/// `labels` stored with image axis `axis` running backwards: the same voxels at the same physical
/// positions, the direction column negated and the origin moved to the axis' last voxel (how
/// some tools write a DICOM series' y axis). Written plainly, as the tests' independent reference.
image::LabelMap flippedAxis(const image::LabelMap& labels, int axis);

/// `labels` stored with image axes `a` and `b` swapped (size, spacing, direction columns and the
/// voxels' order), the same voxels at the same physical positions.
image::LabelMap swappedAxes(const image::LabelMap& labels, int a, int b);

}  // namespace voxsiam::test
