#include "storage/repository/TrainingRunRepository.h"

#include "storage/StorageError.h"
#include "storage/sql/Connection.h"
#include "storage/sql/Statement.h"

namespace voxsiam::storage::repository {
namespace {

constexpr const char* kRunColumns =
    "SELECT id, name, config, folder, state, started_at, COALESCE(finished_at, '') "
    "FROM training_runs ";

TrainingRunRecord readRun(const sql::Statement& row) {
  return {row.integer(0), row.text(1), row.text(2), row.text(3),
          row.text(4),    row.text(5), row.text(6)};
}

}  // namespace

long long TrainingRunRepository::add(const std::string& name, const std::string& config,
                                     const std::string& folder) {
  sql::Statement insert(
      connection_,
      "INSERT INTO training_runs(name, config, folder, state) VALUES (?, ?, ?, 'queued')");
  insert.bind(1, name).bind(2, config).bind(3, folder).run();
  return connection_.lastInsertId();
}

void TrainingRunRepository::setState(long long id, const std::string& state) {
  const bool ends = state == "finished" || state == "failed" || state == "cancelled";
  if (!ends && state != "queued" && state != "running") {
    throw StorageError(
        "training run " + std::to_string(id),
        "unknown state '" + state + "' (allowed: queued, running, finished, failed, cancelled)");
  }
  sql::Statement update(connection_, ends ? "UPDATE training_runs SET state = ?, finished_at = "
                                            "strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?"
                                          : "UPDATE training_runs SET state = ? WHERE id = ?");
  update.bind(1, state).bind(2, id).run();
}

void TrainingRunRepository::addEpoch(long long id, int epoch, const std::string& metricsJson) {
  sql::Statement insert(connection_,
                        "INSERT OR REPLACE INTO training_epochs(run_id, epoch, metrics) "
                        "VALUES (?, ?, ?)");
  insert.bind(1, id).bind(2, epoch).bind(3, metricsJson).run();
}

std::vector<std::pair<int, std::string>> TrainingRunRepository::epochs(long long id) {
  sql::Statement query(
      connection_, "SELECT epoch, metrics FROM training_epochs WHERE run_id = ? ORDER BY epoch");
  query.bind(1, id);
  std::vector<std::pair<int, std::string>> result;
  while (query.step()) result.emplace_back(static_cast<int>(query.integer(0)), query.text(1));
  return result;
}

TrainingRunRecord TrainingRunRepository::get(long long id) {
  sql::Statement query(connection_, std::string(kRunColumns) + "WHERE id = ?");
  query.bind(1, id);
  if (!query.step()) {
    throw StorageError(connection_.path(), "no training run " + std::to_string(id));
  }
  return readRun(query);
}

std::vector<TrainingRunRecord> TrainingRunRepository::list() {
  sql::Statement query(connection_, std::string(kRunColumns) + "ORDER BY id DESC");
  std::vector<TrainingRunRecord> runs;
  while (query.step()) runs.push_back(readRun(query));
  return runs;
}

}  // namespace voxsiam::storage::repository
