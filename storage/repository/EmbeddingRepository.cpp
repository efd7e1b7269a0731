#include "storage/repository/EmbeddingRepository.h"

#include <cstring>

#include "storage/StorageError.h"
#include "storage/sql/Connection.h"
#include "storage/sql/Statement.h"
#include "storage/sql/Transaction.h"

namespace voxsiam::storage::repository {
namespace {

std::vector<std::uint8_t> featureBytes(const std::vector<float>& features) {
  std::vector<std::uint8_t> bytes(features.size() * sizeof(float));
  if (!bytes.empty()) std::memcpy(bytes.data(), features.data(), bytes.size());
  return bytes;
}

std::vector<float> featuresOf(const std::vector<std::uint8_t>& bytes) {
  std::vector<float> features(bytes.size() / sizeof(float));
  if (!features.empty())
    std::memcpy(features.data(), bytes.data(), features.size() * sizeof(float));
  return features;
}

void insertPoints(sql::Connection& connection, long long setId,
                  const std::vector<EmbeddingPoint>& points) {
  sql::Statement insert(connection,
                        "INSERT INTO embedding_points(embedding_id, case_id, voxel_index, organ, "
                        "x, y, features, predicted) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  for (const EmbeddingPoint& point : points) {
    const auto bytes = featureBytes(point.features);
    insert.bind(1, setId).bind(2, point.caseId).bind(3, point.voxelIndex).bind(4, point.organ);
    insert.bind(5, point.x).bind(6, point.y).bind(7, bytes).bind(8, point.predicted);
    insert.run();
    insert.reset();
  }
}

}  // namespace

long long EmbeddingRepository::add(const EmbeddingSet& set) {
  sql::Transaction transaction(connection_);
  sql::Statement insert(connection_,
                        "INSERT INTO embeddings(model_id, layer, parameters) VALUES (?, ?, ?)");
  insert.bind(1, set.modelId).bind(2, set.layer);
  insert.bind(3, set.parameters.empty() ? std::string("{}") : set.parameters).run();
  const long long id = connection_.lastInsertId();
  insertPoints(connection_, id, set.points);
  transaction.commit();
  return id;
}

EmbeddingSet EmbeddingRepository::get(long long id) {
  sql::Statement header(connection_,
                        "SELECT model_id, layer, parameters FROM embeddings WHERE id = ?");
  header.bind(1, id);
  if (!header.step()) {
    throw StorageError(connection_.path(), "no embedding " + std::to_string(id));
  }
  EmbeddingSet set{id, header.optionalInteger(0), header.text(1), header.text(2), {}};
  sql::Statement points(
      connection_,
      "SELECT case_id, voxel_index, organ, x, y, features, predicted FROM embedding_points "
      "WHERE embedding_id = ? ORDER BY rowid");
  points.bind(1, id);
  while (points.step()) {
    set.points.push_back({points.integer(0), points.integer(1), static_cast<int>(points.integer(2)),
                          static_cast<int>(points.integer(6)), points.real(3), points.real(4),
                          featuresOf(points.blob(5))});
  }
  return set;
}

}  // namespace voxsiam::storage::repository
