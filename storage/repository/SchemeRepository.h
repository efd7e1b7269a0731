#pragma once
#include <optional>
#include <string>

#include "core/image/LabelScheme.h"

namespace voxsiam::storage {
namespace sql {
class Connection;
}
namespace repository {

/// The label schemes a project's label versions refer to.
class SchemeRepository {
 public:
  explicit SchemeRepository(sql::Connection& connection) : connection_(connection) {}
  /// Stores `scheme` unless one of that name exists; returns its id either way.
  long long put(const image::LabelScheme& scheme);
  /// The scheme with `id`. Throws StorageError when there is none.
  image::LabelScheme get(long long id);
  /// Id of the scheme called `name`, if stored.
  std::optional<long long> findByName(const std::string& name);

 private:
  sql::Connection& connection_;
};

}  // namespace repository
}  // namespace voxsiam::storage
