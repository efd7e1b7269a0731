#pragma once
#include <optional>
#include <string>
#include <vector>

namespace voxsiam::storage {
namespace sql {
class Connection;
}
namespace repository {

/// A trained model: checkpoint file and what it was trained with.
struct ModelRecord {
  long long id = 0;
  std::string name;
  std::optional<long long> runId;
  std::optional<long long> parentId;  ///< the model it was fine-tuned from
  std::string checkpoint;             ///< model.pt path, relative to the project folder
  std::string config;                 ///< JSON
  std::string metrics;                ///< JSON (e.g. validation Dice per organ)
  std::string createdAt;
};

/// The project's models.
class ModelRepository {
 public:
  explicit ModelRepository(sql::Connection& connection) : connection_(connection) {}
  /// Records a model; returns its id (record.id is ignored).
  long long add(const ModelRecord& record);
  /// The model `id`. Throws StorageError when absent.
  ModelRecord get(long long id);
  /// All models, newest first.
  std::vector<ModelRecord> list();

 private:
  sql::Connection& connection_;
};

}  // namespace repository
}  // namespace voxsiam::storage
