#include "storage/repository/SchemeRepository.h"

#include "storage/StorageError.h"
#include "storage/sql/Connection.h"
#include "storage/sql/Statement.h"

namespace voxsiam::storage::repository {

long long SchemeRepository::put(const image::LabelScheme& scheme) {
  if (const auto existing = findByName(scheme.name())) return *existing;
  sql::Statement insert(connection_, "INSERT INTO label_schemes(name, definition) VALUES (?, ?)");
  insert.bind(1, scheme.name()).bind(2, scheme.toJson()).run();
  return connection_.lastInsertId();
}

image::LabelScheme SchemeRepository::get(long long id) {
  sql::Statement query(connection_, "SELECT definition FROM label_schemes WHERE id = ?");
  query.bind(1, id);
  if (!query.step()) {
    throw StorageError(connection_.path(), "no label scheme " + std::to_string(id));
  }
  return image::LabelScheme::fromJson(query.text(0), connection_.path());
}

std::optional<long long> SchemeRepository::findByName(const std::string& name) {
  sql::Statement query(connection_, "SELECT id FROM label_schemes WHERE name = ?");
  query.bind(1, name);
  if (!query.step()) return std::nullopt;
  return query.integer(0);
}

}  // namespace voxsiam::storage::repository
