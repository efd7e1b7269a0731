#include "core/image/DicomIdentity.h"

#include <gdcmScanner.h>
#include <gdcmUIDGenerator.h>

#include "core/image/InputError.h"
#include "core/image/StderrSilencer.h"

namespace voxsiam::image {
namespace {

const gdcm::Tag kPatientId(0x0010, 0x0020), kPatientName(0x0010, 0x0010),
    kBirthDate(0x0010, 0x0030), kSex(0x0010, 0x0040), kStudyUid(0x0020, 0x000d),
    kStudyDate(0x0008, 0x0020), kStudyTime(0x0008, 0x0030), kStudyId(0x0020, 0x0010),
    kAccession(0x0008, 0x0050), kStudyDescription(0x0008, 0x1030), kSeriesUid(0x0020, 0x000e),
    kSeriesNumber(0x0020, 0x0011), kSeriesDescription(0x0008, 0x103e), kModality(0x0008, 0x0060),
    kFrameOfReference(0x0020, 0x0052), kSopClass(0x0008, 0x0016), kSopInstance(0x0008, 0x0018);

std::string trimmed(const char* value) {
  std::string text = value ? value : "";
  while (!text.empty() && (text.back() == ' ' || text.back() == '\0')) text.pop_back();
  return text;
}

/// The series-level attributes, taken from the first slice.
void readSeriesAttributes(const gdcm::Scanner& scanner, const std::string& file,
                          DicomIdentity& identity) {
  const auto value = [&](const gdcm::Tag& tag) {
    return trimmed(scanner.GetValue(file.c_str(), tag));
  };
  identity.patientId = value(kPatientId);
  identity.patientName = value(kPatientName);
  identity.patientBirthDate = value(kBirthDate);
  identity.patientSex = value(kSex);
  identity.studyUid = value(kStudyUid);
  identity.studyDate = value(kStudyDate);
  identity.studyTime = value(kStudyTime);
  identity.studyId = value(kStudyId);
  identity.accessionNumber = value(kAccession);
  identity.studyDescription = value(kStudyDescription);
  identity.seriesUid = value(kSeriesUid);
  identity.seriesNumber = value(kSeriesNumber);
  identity.seriesDescription = value(kSeriesDescription);
  identity.modality = value(kModality);
  identity.frameOfReferenceUid = value(kFrameOfReference);
  identity.sopClassUid = value(kSopClass);
}

}  // namespace

std::string newDicomUid() {
  gdcm::UIDGenerator generator;
  return generator.Generate();
}

DicomIdentity anonymisedIdentity(const DicomIdentity& identity, const std::string& pseudonym) {
  DicomIdentity anonymous;
  anonymous.patientId = pseudonym;
  anonymous.patientName = pseudonym;
  anonymous.studyUid = newDicomUid();
  anonymous.studyDescription = identity.studyDescription;
  anonymous.seriesUid = newDicomUid();
  anonymous.seriesNumber = identity.seriesNumber;
  anonymous.seriesDescription = identity.seriesDescription;
  anonymous.modality = identity.modality;
  anonymous.frameOfReferenceUid = newDicomUid();
  anonymous.sopClassUid = identity.sopClassUid;
  for (std::size_t slice = 0; slice < identity.instanceUids.size(); ++slice)
    anonymous.instanceUids.push_back(newDicomUid());
  anonymous.anonymised = true;
  return anonymous;
}

DicomIdentity readDicomIdentity(const std::vector<std::string>& files) {
  if (files.empty()) return {};
  detail::StderrSilencer quiet;
  gdcm::Scanner scanner;
  for (const auto& tag :
       {kPatientId, kPatientName, kBirthDate, kSex, kStudyUid, kStudyDate, kStudyTime, kStudyId,
        kAccession, kStudyDescription, kSeriesUid, kSeriesNumber, kSeriesDescription, kModality,
        kFrameOfReference, kSopClass, kSopInstance})
    scanner.AddTag(tag);
  if (!scanner.Scan(files)) throw InputError(files.front(), "cannot read the DICOM attributes");
  DicomIdentity identity;
  readSeriesAttributes(scanner, files.front(), identity);
  for (const auto& file : files) {
    const std::string uid = trimmed(scanner.GetValue(file.c_str(), kSopInstance));
    if (uid.empty()) throw InputError(file, "DICOM slice has no SOP Instance UID");
    identity.instanceUids.push_back(uid);
  }
  if (identity.studyUid.empty())
    throw InputError(files.front(), "DICOM slice has no Study Instance UID");
  return identity;
}

}  // namespace voxsiam::image
