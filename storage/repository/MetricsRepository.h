#pragma once
#include <optional>
#include <string>
#include <vector>

namespace voxsiam::storage {
namespace sql {
class Connection;
}
namespace repository {

/// Scores of one organ of a label version against a reference version (mm; empty = undefined).
struct OrganScore {
  int organ = 0;
  std::optional<double> dice;
  std::optional<double> hd95;
  std::optional<double> assd;
};

/// Per-case, per-organ metrics of label versions (e.g. a model's prediction against the approved
/// labels).
class MetricsRepository {
 public:
  explicit MetricsRepository(sql::Connection& connection) : connection_(connection) {}
  /// Stores (replacing earlier values) the scores of `labelVersionId` against
  /// `referenceVersionId` for case `caseId`, in one transaction.
  void put(long long caseId, long long labelVersionId, long long referenceVersionId,
           const std::vector<OrganScore>& scores);
  /// The scores of `labelVersionId` against `referenceVersionId`, by organ.
  std::vector<OrganScore> get(long long labelVersionId, long long referenceVersionId);

 private:
  sql::Connection& connection_;
};

}  // namespace repository
}  // namespace voxsiam::storage
