#pragma once
#include <optional>
#include <string>
#include <vector>

namespace voxsiam::storage {
namespace sql {
class Connection;
}
namespace repository {

/// One case: a named CT image of the project.
struct CaseRecord {
  long long id = 0;
  std::string name;
  std::string imageHash;  ///< the image in volumes/
  std::string origin;     ///< where it was imported from
  std::string createdAt;
};

/// The DICOM study a case came from, as listed.
struct DicomStudy {
  std::string patientId;  ///< a pseudonym for anonymised imports
  std::string studyDate;  ///< YYYYMMDD, empty when unknown or anonymised
  std::string description;
};

/// A case as listed: with its newest label version and that version's review status.
struct CaseSummary {
  long long id = 0;
  std::string name;
  long long versionCount = 0;
  std::optional<long long> latestVersionId;
  std::string latestStatus;              ///< empty when the case has no label version
  std::optional<DicomStudy> dicomStudy;  ///< for cases imported from a DICOM series
};

/// The project's cases.
class CaseRepository {
 public:
  explicit CaseRepository(sql::Connection& connection) : connection_(connection) {}
  /// Adds a case; returns its id. Throws StorageError when the name is taken.
  long long add(const std::string& name, const std::string& imageHash, const std::string& origin);
  /// The case called `name`, if any.
  std::optional<CaseRecord> findByName(const std::string& name);
  /// The case with `id`. Throws StorageError when there is none.
  CaseRecord get(long long id);
  /// Every case by name, with its latest label version and status.
  std::vector<CaseSummary> list();
  /// Number of cases.
  long long count();

 private:
  sql::Connection& connection_;
};

}  // namespace repository
}  // namespace voxsiam::storage
