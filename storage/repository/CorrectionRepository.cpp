#include "storage/repository/CorrectionRepository.h"

#include "storage/sql/Connection.h"
#include "storage/sql/Statement.h"
#include "storage/sql/Transaction.h"

namespace voxsiam::storage::repository {

void CorrectionRepository::recordEditTime(long long versionId, double seconds) {
  sql::Statement insert(connection_,
                        "INSERT OR REPLACE INTO edit_sessions(label_version_id, seconds) "
                        "VALUES (?, ?)");
  insert.bind(1, versionId).bind(2, seconds).run();
}

std::optional<double> CorrectionRepository::editTime(long long versionId) {
  sql::Statement query(connection_, "SELECT seconds FROM edit_sessions WHERE label_version_id = ?");
  query.bind(1, versionId);
  if (!query.step()) return std::nullopt;
  return query.real(0);
}

void CorrectionRepository::record(const Correction& correction) {
  sql::Transaction transaction(connection_);
  sql::Statement clear(connection_, "DELETE FROM correction_organs WHERE label_version_id = ?");
  clear.bind(1, correction.versionId).run();
  sql::Statement insert(connection_,
                        "INSERT OR REPLACE INTO corrections(label_version_id, model_id, "
                        "draft_version_id, seconds, voxels) VALUES (?, ?, ?, ?, ?)");
  insert.bind(1, correction.versionId)
      .bind(2, correction.modelId)
      .bind(3, correction.draftVersionId)
      .bind(4, correction.seconds)
      .bind(5, correction.voxels)
      .run();
  sql::Statement organ(connection_,
                       "INSERT INTO correction_organs(label_version_id, organ, voxels_changed) "
                       "VALUES (?, ?, ?)");
  for (const auto& [id, voxels] : correction.voxelsChanged) {
    organ.bind(1, correction.versionId).bind(2, int(id)).bind(3, voxels).run();
    organ.reset();
  }
  transaction.commit();
}

void CorrectionRepository::recordDraftSource(long long versionId, std::uint16_t organ,
                                             long long draftVersionId) {
  sql::Statement insert(connection_,
                        "INSERT OR REPLACE INTO draft_sources(label_version_id, organ, "
                        "draft_version_id) VALUES (?, ?, ?)");
  insert.bind(1, versionId).bind(2, int(organ)).bind(3, draftVersionId).run();
}

std::vector<DraftSource> CorrectionRepository::draftSources(long long versionId) {
  sql::Statement query(connection_,
                       "SELECT organ, draft_version_id FROM draft_sources "
                       "WHERE label_version_id = ? ORDER BY organ");
  query.bind(1, versionId);
  std::vector<DraftSource> sources;
  while (query.step()) sources.push_back({std::uint16_t(query.integer(0)), query.integer(1)});
  return sources;
}

std::vector<Correction> CorrectionRepository::list() {
  sql::Statement query(connection_,
                       "SELECT label_version_id, model_id, draft_version_id, seconds, voxels "
                       "FROM corrections ORDER BY label_version_id");
  std::vector<Correction> corrections;
  while (query.step())
    corrections.push_back({query.integer(0),
                           query.integer(1),
                           query.integer(2),
                           query.real(3),
                           {},
                           query.integer(4)});
  sql::Statement organs(connection_,
                        "SELECT organ, voxels_changed FROM correction_organs "
                        "WHERE label_version_id = ? ORDER BY organ");
  for (auto& correction : corrections) {
    organs.bind(1, correction.versionId);
    while (organs.step())
      correction.voxelsChanged.emplace_back(std::uint16_t(organs.integer(0)), organs.integer(1));
    organs.reset();
  }
  return corrections;
}

}  // namespace voxsiam::storage::repository
