#include "storage/repository/MetricsRepository.h"

#include "storage/sql/Connection.h"
#include "storage/sql/Statement.h"
#include "storage/sql/Transaction.h"

namespace voxsiam::storage::repository {
namespace {

void bindOptional(sql::Statement& statement, int index, const std::optional<double>& value) {
  if (value) {
    statement.bind(index, *value);
  } else {
    statement.bindNull(index);
  }
}

}  // namespace

void MetricsRepository::put(long long caseId, long long labelVersionId,
                            long long referenceVersionId, const std::vector<OrganScore>& scores) {
  sql::Transaction transaction(connection_);
  sql::Statement insert(connection_,
                        "INSERT OR REPLACE INTO case_metrics(case_id, label_version_id, "
                        "reference_version_id, organ, dice, hd95, assd) VALUES (?,?,?,?,?,?,?)");
  for (const OrganScore& score : scores) {
    insert.bind(1, caseId).bind(2, labelVersionId).bind(3, referenceVersionId);
    insert.bind(4, score.organ);
    bindOptional(insert, 5, score.dice);
    bindOptional(insert, 6, score.hd95);
    bindOptional(insert, 7, score.assd);
    insert.run();
    insert.reset();
  }
  transaction.commit();
}

std::vector<OrganScore> MetricsRepository::get(long long labelVersionId,
                                               long long referenceVersionId) {
  sql::Statement query(connection_,
                       "SELECT organ, dice, hd95, assd FROM case_metrics WHERE label_version_id = "
                       "? AND reference_version_id = ? ORDER BY organ");
  query.bind(1, labelVersionId).bind(2, referenceVersionId);
  std::vector<OrganScore> scores;
  while (query.step()) {
    scores.push_back({static_cast<int>(query.integer(0)), query.optionalReal(1),
                      query.optionalReal(2), query.optionalReal(3)});
  }
  return scores;
}

}  // namespace voxsiam::storage::repository
