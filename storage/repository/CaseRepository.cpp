#include "storage/repository/CaseRepository.h"

#include "storage/StorageError.h"
#include "storage/sql/Connection.h"
#include "storage/sql/Statement.h"

namespace voxsiam::storage::repository {
namespace {

constexpr const char* kCaseColumns = "SELECT id, name, image_hash, origin, created_at FROM cases ";

CaseRecord readCase(const sql::Statement& row) {
  return {row.integer(0), row.text(1), row.text(2), row.text(3), row.text(4)};
}

}  // namespace

long long CaseRepository::add(const std::string& name, const std::string& imageHash,
                              const std::string& origin) {
  if (findByName(name)) throw StorageError(name, "a case of this name is already in the project");
  sql::Statement insert(connection_,
                        "INSERT INTO cases(name, image_hash, origin) VALUES (?, ?, ?)");
  insert.bind(1, name).bind(2, imageHash).bind(3, origin).run();
  return connection_.lastInsertId();
}

std::optional<CaseRecord> CaseRepository::findByName(const std::string& name) {
  sql::Statement query(connection_, std::string(kCaseColumns) + "WHERE name = ?");
  query.bind(1, name);
  if (!query.step()) return std::nullopt;
  return readCase(query);
}

CaseRecord CaseRepository::get(long long id) {
  sql::Statement query(connection_, std::string(kCaseColumns) + "WHERE id = ?");
  query.bind(1, id);
  if (!query.step()) throw StorageError(connection_.path(), "no case " + std::to_string(id));
  return readCase(query);
}

std::vector<CaseSummary> CaseRepository::list() {
  sql::Statement query(connection_,
                       "SELECT c.id, c.name, v.versions, v.latest, "
                       "(SELECT status FROM label_versions WHERE id = v.latest), d.case_id, "
                       "d.patient_id, d.study_date, d.study_description FROM cases c "
                       "LEFT JOIN (SELECT case_id, COUNT(*) AS versions, MAX(id) AS latest "
                       "FROM label_versions GROUP BY case_id) v ON v.case_id = c.id "
                       "LEFT JOIN case_dicom d ON d.case_id = c.id AND d.generated = 0 "
                       "ORDER BY c.name");
  std::vector<CaseSummary> cases;
  while (query.step()) {
    cases.push_back({query.integer(0), query.text(1), query.integer(2), query.optionalInteger(3),
                     query.text(4)});
    if (!query.isNull(5))
      cases.back().dicomStudy = DicomStudy{query.text(6), query.text(7), query.text(8)};
  }
  return cases;
}

long long CaseRepository::count() {
  sql::Statement query(connection_, "SELECT COUNT(*) FROM cases");
  query.step();
  return query.integer(0);
}

}  // namespace voxsiam::storage::repository
