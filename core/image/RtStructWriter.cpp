#include "core/image/RtStructWriter.h"

#include "dcmtk/config/osconfig.h"  // must come first
#include "dcmtk/dcmdata/dcfilefo.h"
#include "dcmtk/dcmdata/dcuid.h"
#include "dcmtk/dcmrt/drtstrct.h"
#include "dcmtk/oflog/oflog.h"

#include "core/image/DicomWriting.h"
#include "core/image/InputError.h"
#include "core/image/SliceOutlines.h"

namespace voxsiam::image {
namespace {

constexpr const char* kCtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

void check(const OFCondition& condition, const std::string& path, const std::string& what) {
  if (condition.bad())
    throw InputError(path, "cannot write RTSTRUCT: " + what + ": " + condition.text());
}

/// The identity the structure set joins: the source series', or a new study for `caseName`.
DicomIdentity joinedIdentity(const DicomSegContent& content) {
  if (content.source.present()) return content.source;
  DicomIdentity identity;
  identity.patientId = content.caseName.substr(0, 64);
  identity.studyUid = newDicomUid();
  identity.frameOfReferenceUid = newDicomUid();
  return identity;
}

void describeStudy(DRTStructureSetIOD& rt, const DicomIdentity& identity, const std::string& path) {
  const auto [date, time] = dicomNow();
  check(rt.setPatientName(identity.patientName.c_str(), OFFalse), path, "patient");
  check(rt.setPatientID(identity.patientId.c_str(), OFFalse), path, "patient");
  rt.setPatientBirthDate(identity.patientBirthDate.c_str(), OFFalse);
  rt.setPatientSex(identity.patientSex.c_str(), OFFalse);
  check(rt.setStudyInstanceUID(identity.studyUid.c_str()), path, "study");
  rt.setStudyDate(identity.studyDate.c_str(), OFFalse);
  rt.setStudyTime(identity.studyTime.c_str(), OFFalse);
  rt.setStudyID(identity.studyId.c_str(), OFFalse);
  rt.setAccessionNumber(identity.accessionNumber.c_str(), OFFalse);
  rt.setStudyDescription(identity.studyDescription.c_str(), OFFalse);
  check(rt.setSeriesInstanceUID(newDicomUid().c_str()), path, "series");
  rt.setModality("RTSTRUCT");
  rt.setSeriesNumber("902");
  check(rt.setSOPInstanceUID(newDicomUid().c_str()), path, "instance");
  rt.setManufacturer("VoxSiam");
  rt.setStructureSetDate(date.c_str());
  rt.setStructureSetTime(time.c_str());
  rt.setInstanceCreationDate(date.c_str());
  rt.setInstanceCreationTime(time.c_str());
}

/// The frame of reference the contours lie in, with the source slices when known.
void referenceFrame(DRTStructureSetIOD& rt, const DicomIdentity& identity, std::size_t slices,
                    const std::string& path) {
  DRTReferencedFrameOfReferenceSequence::Item* frame = nullptr;
  check(rt.getReferencedFrameOfReferenceSequence().addItem(frame), path, "frame of reference");
  frame->setFrameOfReferenceUID(identity.frameOfReferenceUid.c_str());
  if (identity.instanceUids.size() != slices || identity.seriesUid.empty()) return;
  DRTRTReferencedStudySequence::Item* study = nullptr;
  check(frame->getRTReferencedStudySequence().addItem(study), path, "referenced study");
  study->setReferencedSOPClassUID(UID_RETIRED_DetachedStudyManagementSOPClass);
  study->setReferencedSOPInstanceUID(identity.studyUid.c_str());
  DRTRTReferencedSeriesSequence::Item* series = nullptr;
  check(study->getRTReferencedSeriesSequence().addItem(series), path, "referenced series");
  series->setSeriesInstanceUID(identity.seriesUid.c_str());
  const std::string sopClass =
      identity.sopClassUid.empty() ? kCtImageStorage : identity.sopClassUid;
  for (const auto& uid : identity.instanceUids) {
    DRTContourImageSequence::Item* image = nullptr;
    check(series->getContourImageSequence().addItem(image), path, "contour image");
    image->setReferencedSOPClassUID(sopClass.c_str());
    image->setReferencedSOPInstanceUID(uid.c_str());
  }
}

/// The contour points of `outline` in slice `k`, in patient coordinates.
std::string contourData(const Outline& outline, std::size_t k, const ImageGeometry& grid) {
  std::string data;
  for (const auto& point : outline) {
    const auto mm = grid.indexToPhysical({point[0], point[1], static_cast<double>(k)});
    for (const double value : mm) data += (data.empty() ? "" : "\\") + dicomDecimal(value);
  }
  return data;
}

void addContours(DRTROIContourSequence::Item& roi, const LabelMap& labels, std::uint16_t id,
                 const DicomIdentity& identity, const std::string& path) {
  const std::string sopClass =
      identity.sopClassUid.empty() ? kCtImageStorage : identity.sopClassUid;
  const bool referenced = identity.instanceUids.size() == labels.size()[2];
  long number = 0;
  for (std::size_t k = 0; k < labels.size()[2]; ++k)
    for (const Outline& outline : sliceOutlines(labels, id, k)) {
      DRTContourSequence::Item* contour = nullptr;
      check(roi.getContourSequence().addItem(contour), path, "contour");
      contour->setContourNumber(std::to_string(++number).c_str());
      contour->setContourGeometricType("CLOSED_PLANAR");
      contour->setNumberOfContourPoints(std::to_string(outline.size()).c_str());
      check(contour->setContourData(contourData(outline, k, labels.geometry()).c_str()), path,
            "contour data");
      if (!referenced) continue;
      DRTContourImageSequence::Item* image = nullptr;
      check(contour->getContourImageSequence().addItem(image), path, "contour image");
      image->setReferencedSOPClassUID(sopClass.c_str());
      image->setReferencedSOPInstanceUID(identity.instanceUids[k].c_str());
    }
}

void addRoi(DRTStructureSetIOD& rt, const LabelMap& labels, const LabelEntry& organ, long number,
            const DicomSegContent& content, const DicomIdentity& identity,
            const std::string& path) {
  const std::string roiNumber = std::to_string(number);
  const auto found = content.algorithms.find(organ.id);
  DRTStructureSetROISequence::Item* roi = nullptr;
  check(rt.getStructureSetROISequence().addItem(roi), path, "ROI");
  roi->setROINumber(roiNumber.c_str());
  roi->setReferencedFrameOfReferenceUID(identity.frameOfReferenceUid.c_str());
  roi->setROIName(organ.name.c_str());
  roi->setROIGenerationAlgorithm(found == content.algorithms.end() ? "MANUAL"
                                                                   : found->second.type.c_str());
  DRTROIContourSequence::Item* contours = nullptr;
  check(rt.getROIContourSequence().addItem(contours), path, "ROI contour");
  contours->setReferencedROINumber(roiNumber.c_str());
  contours->setROIDisplayColor((std::to_string(organ.color[0]) + "\\" +
                                std::to_string(organ.color[1]) + "\\" +
                                std::to_string(organ.color[2]))
                                   .c_str());
  addContours(*contours, labels, organ.id, identity, path);
  DRTRTROIObservationsSequence::Item* observation = nullptr;
  check(rt.getRTROIObservationsSequence().addItem(observation), path, "ROI observation");
  observation->setObservationNumber(roiNumber.c_str());
  observation->setReferencedROINumber(roiNumber.c_str());
  observation->setRTROIInterpretedType("ORGAN");
  observation->setROIInterpreter(content.author.substr(0, 64).c_str(), OFFalse);
}

void save(DRTStructureSetIOD& rt, const std::string& path) {
  DcmFileFormat file;
  check(rt.write(*file.getDataset()), path, "the structure set");
  saveDicomAtomically(path, "RTSTRUCT", [&](const std::string& partial) {
    const OFCondition saved = file.saveFile(partial.c_str(), EXS_LittleEndianExplicit);
    return saved.good() ? std::string() : std::string(saved.text());
  });
}

}  // namespace

void writeRtStruct(const LabelMap& labels, const LabelScheme& scheme,
                   const DicomSegContent& content, const std::string& path) {
  OFLog::configure(OFLogger::FATAL_LOG_LEVEL);
  const auto organs = organsPresent(labels, scheme);
  if (organs.empty()) throw InputError(path, "cannot write RTSTRUCT: the labels hold no organ");
  const DicomIdentity identity = joinedIdentity(content);
  DRTStructureSetIOD rt;
  describeStudy(rt, identity, path);
  rt.setStructureSetLabel(content.seriesDescription.substr(0, 16).c_str(), OFFalse);
  rt.setStructureSetDescription(content.description.c_str(), OFFalse);
  rt.setSeriesDescription(content.seriesDescription.substr(0, 64).c_str(), OFFalse);
  referenceFrame(rt, identity, labels.size()[2], path);
  long number = 0;
  for (const LabelEntry* organ : organs)
    addRoi(rt, labels, *organ, ++number, content, identity, path);
  save(rt, path);
}

}  // namespace voxsiam::image
