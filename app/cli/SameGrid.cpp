#include "app/cli/SameGrid.h"

#include "core/image/InputError.h"

namespace voxsiam::cli {

void requireSameGrid(const std::string& path, const image::ImageGeometry& grid,
                     const std::string& referencePath, const image::ImageGeometry& reference) {
  if (!grid.sameGrid(reference))
    throw image::InputError(
        path, "grid (size, spacing, origin or direction) differs from " + referencePath);
}

}  // namespace voxsiam::cli
