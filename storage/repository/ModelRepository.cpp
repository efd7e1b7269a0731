#include "storage/repository/ModelRepository.h"

#include "storage/StorageError.h"
#include "storage/sql/Connection.h"
#include "storage/sql/Statement.h"

namespace voxsiam::storage::repository {
namespace {

constexpr const char* kModelColumns =
    "SELECT id, name, run_id, parent_id, checkpoint, config, metrics, created_at FROM models ";

ModelRecord readModel(const sql::Statement& row) {
  return {row.integer(0),
          row.text(1),
          row.optionalInteger(2),
          row.optionalInteger(3),
          row.text(4),
          row.text(5),
          row.text(6),
          row.text(7)};
}

}  // namespace

long long ModelRepository::add(const ModelRecord& record) {
  sql::Statement insert(connection_,
                        "INSERT INTO models(name, run_id, parent_id, checkpoint, config, metrics) "
                        "VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind(1, record.name).bind(2, record.runId).bind(3, record.parentId);
  insert.bind(4, record.checkpoint).bind(5, record.config);
  insert.bind(6, record.metrics.empty() ? std::string("{}") : record.metrics).run();
  return connection_.lastInsertId();
}

ModelRecord ModelRepository::get(long long id) {
  sql::Statement query(connection_, std::string(kModelColumns) + "WHERE id = ?");
  query.bind(1, id);
  if (!query.step()) throw StorageError(connection_.path(), "no model " + std::to_string(id));
  return readModel(query);
}

std::vector<ModelRecord> ModelRepository::list() {
  sql::Statement query(connection_, std::string(kModelColumns) + "ORDER BY id DESC");
  std::vector<ModelRecord> models;
  while (query.step()) models.push_back(readModel(query));
  return models;
}

}  // namespace voxsiam::storage::repository
