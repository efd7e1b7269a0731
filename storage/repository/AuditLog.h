#pragma once
#include <optional>
#include <string>
#include <vector>

namespace voxsiam::storage {
namespace sql {
class Connection;
}
namespace repository {

/// One audit entry: who did what, when, to which case or label version.
struct AuditEntry {
  long long id = 0;
  std::string at;  ///< UTC, ISO 8601
  std::string actor;
  std::string action;  ///< e.g. "case.import", "label.save", "label.status"
  std::optional<long long> caseId;
  std::optional<long long> labelVersionId;
  std::string detail;
};

/// The append-only audit log (the database refuses updates and deletes of its rows). Entries are
/// written in the caller's transaction, so an action and its entry commit together.
class AuditLog {
 public:
  explicit AuditLog(sql::Connection& connection) : connection_(connection) {}
  /// Appends an entry; returns its id.
  long long append(const std::string& actor, const std::string& action,
                   std::optional<long long> caseId, std::optional<long long> labelVersionId,
                   const std::string& detail);
  /// Entries, oldest first; only those of `caseId` when given.
  std::vector<AuditEntry> entries(std::optional<long long> caseId = std::nullopt);

 private:
  sql::Connection& connection_;
};

}  // namespace repository
}  // namespace voxsiam::storage
