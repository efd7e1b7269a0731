#include "storage/repository/DicomIdentityRepository.h"

#include <nlohmann/json.hpp>

#include "storage/StorageError.h"
#include "storage/sql/Connection.h"
#include "storage/sql/Statement.h"

namespace voxsiam::storage::repository {
namespace {

using image::DicomIdentity;

/// The identity's attributes by their stored names.
template <typename Identity, typename Visit>
void forEachText(Identity& identity, Visit visit) {
  visit("patient_id", identity.patientId);
  visit("patient_name", identity.patientName);
  visit("patient_birth_date", identity.patientBirthDate);
  visit("patient_sex", identity.patientSex);
  visit("study_uid", identity.studyUid);
  visit("study_date", identity.studyDate);
  visit("study_time", identity.studyTime);
  visit("study_id", identity.studyId);
  visit("accession_number", identity.accessionNumber);
  visit("study_description", identity.studyDescription);
  visit("series_uid", identity.seriesUid);
  visit("series_number", identity.seriesNumber);
  visit("series_description", identity.seriesDescription);
  visit("modality", identity.modality);
  visit("frame_of_reference_uid", identity.frameOfReferenceUid);
  visit("sop_class_uid", identity.sopClassUid);
}

std::string toJson(const DicomIdentity& identity) {
  nlohmann::json json;
  forEachText(identity, [&](const char* key, const std::string& value) { json[key] = value; });
  json["instance_uids"] = identity.instanceUids;
  json["anonymised"] = identity.anonymised;
  return json.dump();
}

DicomIdentity fromJson(const std::string& text) {
  const auto json = nlohmann::json::parse(text);
  DicomIdentity identity;
  forEachText(identity,
              [&](const char* key, std::string& value) { value = json.value(key, std::string()); });
  identity.instanceUids = json.at("instance_uids").get<std::vector<std::string>>();
  identity.anonymised = json.value("anonymised", false);
  return identity;
}

}  // namespace

void DicomIdentityRepository::put(long long caseId, const DicomIdentity& identity, bool generated) {
  sql::Statement insert(
      connection_,
      "INSERT OR REPLACE INTO case_dicom(case_id, patient_id, study_uid, "
      "series_uid, study_date, study_description, anonymised, identity, generated) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, caseId)
      .bind(2, identity.patientId)
      .bind(3, identity.studyUid)
      .bind(4, identity.seriesUid)
      .bind(5, identity.studyDate)
      .bind(6, identity.studyDescription)
      .bind(7, identity.anonymised ? 1 : 0)
      .bind(8, toJson(identity))
      .bind(9, generated ? 1 : 0)
      .run();
}

std::optional<DicomIdentity> DicomIdentityRepository::find(long long caseId) {
  sql::Statement query(connection_, "SELECT identity FROM case_dicom WHERE case_id = ?");
  query.bind(1, caseId);
  if (!query.step()) return std::nullopt;
  try {
    return fromJson(query.text(0));
  } catch (const nlohmann::json::exception& error) {
    throw StorageError(connection_.path(), "damaged DICOM identity of case " +
                                               std::to_string(caseId) + ": " + error.what());
  }
}

}  // namespace voxsiam::storage::repository
