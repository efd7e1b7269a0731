#pragma once
#include <optional>
#include <string>
#include <vector>

namespace voxsiam::storage {
namespace sql {
class Connection;
}
namespace repository {

/// One embedded voxel: where it came from and where it lies in the 2-D plot.
struct EmbeddingPoint {
  long long caseId = 0;
  long long voxelIndex = 0;  ///< linear index in the case image (i fastest)
  int organ = 0;
  int predicted = -1;  ///< the model's label of the voxel (-1: unknown)
  double x = 0;
  double y = 0;
  std::vector<float> features;  ///< may be empty
};

/// A stored embedding: the points of one feature layer of one model.
struct EmbeddingSet {
  long long id = 0;
  std::optional<long long> modelId;
  std::string layer;
  std::string parameters;  ///< JSON, e.g. perplexity and theta
  std::vector<EmbeddingPoint> points;
};

/// Voxel embeddings (t-SNE plots) linked back to cases and voxels.
class EmbeddingRepository {
 public:
  explicit EmbeddingRepository(sql::Connection& connection) : connection_(connection) {}
  /// Stores a set with its points in one transaction; returns its id.
  long long add(const EmbeddingSet& set);
  /// The set `id` with its points. Throws StorageError when absent.
  EmbeddingSet get(long long id);

 private:
  sql::Connection& connection_;
};

}  // namespace repository
}  // namespace voxsiam::storage
