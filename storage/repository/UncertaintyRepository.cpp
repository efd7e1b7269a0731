#include "storage/repository/UncertaintyRepository.h"

#include <algorithm>
#include <cmath>

#include "storage/LabelCodec.h"
#include "storage/StorageError.h"
#include "storage/sql/Connection.h"
#include "storage/sql/Statement.h"

namespace voxsiam::storage::repository {
namespace {

image::LabelMap quantise(const image::Volume& uncertainty) {
  image::LabelMap levels(uncertainty.geometry());
  for (std::size_t index = 0; index < uncertainty.voxelCount(); ++index) {
    const float value = uncertainty[index];
    const double clamped = std::isnan(value) ? 1.0 : std::clamp(double(value), 0.0, 1.0);
    levels[index] =
        static_cast<std::uint16_t>(std::lround(clamped * UncertaintyRepository::kLevels));
  }
  return levels;
}

}  // namespace

void UncertaintyRepository::put(long long versionId, const image::Volume& uncertainty) {
  sql::Statement insert(connection_,
                        "INSERT OR REPLACE INTO uncertainty_maps(label_version_id, levels, data) "
                        "VALUES (?, ?, ?)");
  insert.bind(1, versionId).bind(2, kLevels).bind(3, encodeLabelMap(quantise(uncertainty))).run();
}

std::optional<image::Volume> UncertaintyRepository::get(long long versionId) {
  sql::Statement query(connection_,
                       "SELECT levels, data FROM uncertainty_maps WHERE label_version_id = ?");
  query.bind(1, versionId);
  if (!query.step()) return std::nullopt;
  const double levels = double(query.integer(0));
  const std::string origin =
      connection_.path() + " (uncertainty of label version " + std::to_string(versionId) + ")";
  const image::LabelMap stored = decodeLabelMap(query.blob(1), origin);
  image::Volume uncertainty(stored.geometry());
  for (std::size_t index = 0; index < stored.voxelCount(); ++index) {
    if (stored[index] > levels) throw StorageError(origin, "value above its scale");
    uncertainty[index] = float(stored[index] / levels);
  }
  return uncertainty;
}

bool UncertaintyRepository::has(long long versionId) {
  sql::Statement query(connection_, "SELECT 1 FROM uncertainty_maps WHERE label_version_id = ?");
  query.bind(1, versionId);
  return query.step();
}

}  // namespace voxsiam::storage::repository
