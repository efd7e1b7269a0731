#pragma once
#include <filesystem>
#include <string>

#include "core/image/Image3D.h"

namespace voxsiam::storage {

/// An image as the project stores it.
struct StoredVolume {
  std::string hash;        ///< SHA-256 of the geometry and voxel values
  std::string file;        ///< file name inside the volumes folder
  std::string storedType;  ///< "int16" (whole numbers in range) or "float32"
};

/// The project's immutable image files: compressed NIfTI named by content hash, so the same image
/// imported twice is stored once.
class VolumeStore {
 public:
  /// A store in `folder` (the project's volumes/ folder).
  explicit VolumeStore(std::filesystem::path folder);

  /// What add() would store for `volume`, without writing anything.
  static StoredVolume describe(const image::Volume& volume);
  /// Writes `volume` unless a file with its hash exists, atomically. Throws image::InputError
  /// naming the file when it cannot be written (e.g. a full disk).
  StoredVolume add(const image::Volume& volume) const;
  /// The same for a volume already described (saves hashing it again).
  void add(const image::Volume& volume, const StoredVolume& described) const;
  /// Reads the image of `hash`. Throws image::InputError when the file is missing or damaged.
  image::Volume load(const std::string& hash) const;
  /// Path of the file of `hash`.
  std::filesystem::path pathOf(const std::string& hash) const;

 private:
  std::filesystem::path folder_;
};

}  // namespace voxsiam::storage
