#pragma once
#include <optional>
#include <string>

#include "core/image/ImageGeometry.h"
#include "storage/VolumeStore.h"

namespace voxsiam::storage {
namespace sql {
class Connection;
}
namespace repository {

/// The database's record of the image files in volumes/: hash, file and grid.
class VolumeRepository {
 public:
  explicit VolumeRepository(sql::Connection& connection) : connection_(connection) {}
  /// Records `stored` with its grid unless its hash is already recorded.
  void put(const StoredVolume& stored, const image::ImageGeometry& geometry);
  /// Grid of the image `hash`, if recorded.
  std::optional<image::ImageGeometry> geometry(const std::string& hash);

 private:
  sql::Connection& connection_;
};

/// The grid as compact JSON text, and back (throws std::exception when malformed).
std::string geometryToJson(const image::ImageGeometry& geometry);
image::ImageGeometry geometryFromJson(const std::string& text);

}  // namespace repository
}  // namespace voxsiam::storage
