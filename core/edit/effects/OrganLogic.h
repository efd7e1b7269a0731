#pragma once
#include <cstdint>

#include "core/edit/ChangeRecorder.h"
#include "core/edit/effects/EffectScope.h"

namespace voxsiam::edit {

/// Logical operations between two organs, the result written into `target`.
enum class OrganLogic {
  Copy,       ///< target becomes exactly source's voxels (its own other voxels: background)
  Add,        ///< target also takes source's voxels (source keeps none of them)
  Subtract,   ///< target loses every voxel that is source
  Intersect,  ///< target keeps only the voxels that are also source
};

/// Combines organ `target` with the voxels of `source` in `sourceLabels` (the same map, or
/// another version or a model's draft on the same grid): Copy and Add paint as `scope` allows
/// (with `source` from the same map its voxels are always taken); Subtract and Intersect only
/// turn target voxels into background. Returns the voxels changed.
std::size_t combineOrgans(ChangeRecorder& recorder, OrganLogic operation, std::uint16_t target,
                          const image::LabelMap& sourceLabels, std::uint16_t source,
                          const EffectScope& scope = {});

}  // namespace voxsiam::edit
