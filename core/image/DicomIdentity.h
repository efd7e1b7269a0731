#pragma once
#include <string>
#include <vector>

namespace voxsiam::image {

/// Who and what a DICOM image series is: the patient, study and series attributes an export
/// needs to reference it, and its instances in slice order. Empty (studyUid empty) for images
/// that did not come from DICOM.
struct DicomIdentity {
  std::string patientId;
  std::string patientName;
  std::string patientBirthDate;
  std::string patientSex;
  std::string studyUid;
  std::string studyDate;
  std::string studyTime;
  std::string studyId;
  std::string accessionNumber;
  std::string studyDescription;
  std::string seriesUid;
  std::string seriesNumber;
  std::string seriesDescription;
  std::string modality;
  std::string frameOfReferenceUid;
  std::string sopClassUid;
  /// SOP Instance UIDs of the series' slices, index k of the volume first to last.
  std::vector<std::string> instanceUids;
  bool anonymised = false;  ///< the UIDs were made anew and the patient is a pseudonym

  /// True when the image came from DICOM.
  bool present() const { return !studyUid.empty(); }
};

/// A fresh DICOM UID under the project's root (GDCM's generator).
std::string newDicomUid();

/// `identity` without anything that identifies the patient: new study, series, frame of
/// reference and instance UIDs (consistently, so references between them still hold), the
/// patient named and identified by `pseudonym`, dates, times, accession and study id removed;
/// the modality, SOP class and the descriptions of what was scanned are kept.
DicomIdentity anonymisedIdentity(const DicomIdentity& identity, const std::string& pseudonym);

/// Reads the identity of the series made of `files` (sorted along the slice normal, as
/// findDicomSeries returns them). Throws InputError naming a file that cannot be read.
DicomIdentity readDicomIdentity(const std::vector<std::string>& files);

}  // namespace voxsiam::image
