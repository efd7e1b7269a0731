#pragma once
#include <optional>

#include "core/image/Image3D.h"

namespace voxsiam::storage::sql {
class Connection;
}

namespace voxsiam::storage::repository {

/// The per-voxel uncertainty maps of models' drafts (values 0..1 on the case's grid), stored
/// quantised to 1/kLevels steps.
class UncertaintyRepository {
 public:
  /// Steps a stored map distinguishes between 0 and 1.
  static constexpr int kLevels = 250;

  explicit UncertaintyRepository(sql::Connection& connection) : connection_(connection) {}

  /// Stores (or replaces) the map of label version `versionId`; values are clamped to 0..1 and
  /// NaN is stored as 1 (nothing is known there). Throws StorageError.
  void put(long long versionId, const image::Volume& uncertainty);
  /// The map of version `versionId`, if one is stored. Throws StorageError when it is damaged.
  std::optional<image::Volume> get(long long versionId);
  /// Whether version `versionId` has a map.
  bool has(long long versionId);

 private:
  sql::Connection& connection_;
};

}  // namespace voxsiam::storage::repository
