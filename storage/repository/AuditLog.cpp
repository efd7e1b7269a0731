#include "storage/repository/AuditLog.h"

#include "storage/sql/Connection.h"
#include "storage/sql/Statement.h"

namespace voxsiam::storage::repository {

long long AuditLog::append(const std::string& actor, const std::string& action,
                           std::optional<long long> caseId, std::optional<long long> labelVersionId,
                           const std::string& detail) {
  sql::Statement insert(connection_,
                        "INSERT INTO audit_log(actor, action, case_id, label_version_id, detail) "
                        "VALUES (?, ?, ?, ?, ?)");
  insert.bind(1, actor).bind(2, action).bind(3, caseId).bind(4, labelVersionId).bind(5, detail);
  insert.run();
  return connection_.lastInsertId();
}

std::vector<AuditEntry> AuditLog::entries(std::optional<long long> caseId) {
  sql::Statement query(connection_,
                       "SELECT id, at, actor, action, case_id, label_version_id, detail "
                       "FROM audit_log WHERE ?1 IS NULL OR case_id = ?1 ORDER BY id");
  query.bind(1, caseId);
  std::vector<AuditEntry> result;
  while (query.step()) {
    result.push_back({query.integer(0), query.text(1), query.text(2), query.text(3),
                      query.optionalInteger(4), query.optionalInteger(5), query.text(6)});
  }
  return result;
}

}  // namespace voxsiam::storage::repository
