#pragma once
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace voxsiam::storage::sql {
class Connection;
}

namespace voxsiam::storage::repository {

/// How much a person changed a model's draft before approving it.
struct Correction {
  long long versionId = 0;       ///< the approved version
  long long modelId = 0;         ///< the model whose draft it descends from
  long long draftVersionId = 0;  ///< that draft
  double seconds = 0;            ///< editing time of the versions between them (the approved one
                                 ///< included)
  std::vector<std::pair<std::uint16_t, long long>> voxelsChanged;  ///< per organ, by organ id
  long long voxels = 0;  ///< distinct voxels changed (one moved from an organ to another: 1)
};

/// An organ a saved version took from a model's draft.
struct DraftSource {
  std::uint16_t organ = 0;
  long long draftVersionId = 0;
};

/// Editing times of saved versions and the corrections of models' drafts.
class CorrectionRepository {
 public:
  explicit CorrectionRepository(sql::Connection& connection) : connection_(connection) {}

  /// Records that version `versionId` took `seconds` of editing (replacing an earlier record).
  void recordEditTime(long long versionId, double seconds);
  /// The editing time recorded for version `versionId`, if any.
  std::optional<double> editTime(long long versionId);
  /// Records (or replaces) the correction of an approved version.
  void record(const Correction& correction);
  /// Records that version `versionId` took `organ` from draft `draftVersionId`.
  void recordDraftSource(long long versionId, std::uint16_t organ, long long draftVersionId);
  /// The organs version `versionId` took from drafts, by organ.
  std::vector<DraftSource> draftSources(long long versionId);
  /// Every recorded correction, oldest first.
  std::vector<Correction> list();

 private:
  sql::Connection& connection_;
};

}  // namespace voxsiam::storage::repository
