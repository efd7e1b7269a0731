#include "storage/repository/VolumeRepository.h"

#include <nlohmann/json.hpp>

#include "storage/sql/Connection.h"
#include "storage/sql/Statement.h"

namespace voxsiam::storage::repository {

std::string geometryToJson(const image::ImageGeometry& geometry) {
  return nlohmann::json{{"size", geometry.size},
                        {"spacing", geometry.spacing},
                        {"origin", geometry.origin},
                        {"direction", geometry.direction}}
      .dump();
}

image::ImageGeometry geometryFromJson(const std::string& text) {
  const auto json = nlohmann::json::parse(text);
  image::ImageGeometry geometry;
  geometry.size = json.at("size").get<std::array<std::size_t, 3>>();
  geometry.spacing = json.at("spacing").get<std::array<double, 3>>();
  geometry.origin = json.at("origin").get<std::array<double, 3>>();
  geometry.direction = json.at("direction").get<std::array<double, 9>>();
  return geometry;
}

void VolumeRepository::put(const StoredVolume& stored, const image::ImageGeometry& geometry) {
  sql::Statement insert(connection_,
                        "INSERT OR IGNORE INTO volumes(hash, file, geometry, stored_type) "
                        "VALUES (?, ?, ?, ?)");
  insert.bind(1, stored.hash).bind(2, stored.file).bind(3, geometryToJson(geometry));
  insert.bind(4, stored.storedType).run();
}

std::optional<image::ImageGeometry> VolumeRepository::geometry(const std::string& hash) {
  sql::Statement query(connection_, "SELECT geometry FROM volumes WHERE hash = ?");
  query.bind(1, hash);
  if (!query.step()) return std::nullopt;
  return geometryFromJson(query.text(0));
}

}  // namespace voxsiam::storage::repository
