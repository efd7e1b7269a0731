#include "core/image/DicomSegWriter.h"

#include "dcmtk/config/osconfig.h"  // must come first
#include "dcmtk/dcmdata/dcuid.h"
#include "dcmtk/dcmfg/fgderimg.h"
#include "dcmtk/dcmfg/fgfracon.h"
#include "dcmtk/dcmfg/fgpixmsr.h"
#include "dcmtk/dcmfg/fgplanor.h"
#include "dcmtk/dcmfg/fgplanpo.h"
#include "dcmtk/dcmiod/cielabutil.h"
#include "dcmtk/dcmiod/iodreferences.h"
#include "dcmtk/dcmseg/segdoc.h"
#include "dcmtk/dcmseg/segment.h"
#include "dcmtk/oflog/oflog.h"

#include <cctype>
#include <filesystem>
#include <memory>
#include <set>
#include <sstream>

#include "core/image/DicomWriting.h"
#include "core/image/InputError.h"

namespace voxsiam::image {
namespace {

constexpr const char* kCtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

/// Throws InputError naming `path` unless `condition` is good.
void check(const OFCondition& condition, const std::string& path, const std::string& what) {
  if (condition.bad())
    throw InputError(path, "cannot write DICOM SEG: " + what + ": " + condition.text());
}

/// A scheme entry's name as a code meaning: "kidney_left" -> "Kidney" (laterality apart).
std::string meaningOf(const LabelEntry& entry) {
  std::string name = entry.name;
  for (const char* side : {"_left", "_right"}) {
    const std::string suffix = side;
    if (!entry.laterality.empty() && name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
      name.erase(name.size() - suffix.size());
  }
  for (char& c : name)
    if (c == '_') c = ' ';
  if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name;
}

/// The entry's type code: its first SNOMED-CT code, else its first code, else a private one.
CodeSequenceMacro typeCode(const LabelEntry& entry) {
  std::string chosen;
  for (const auto& code : entry.codes)
    if (chosen.empty() || (code.rfind("SCT:", 0) == 0 && chosen.rfind("SCT:", 0) != 0))
      chosen = code;
  if (chosen.empty()) chosen = "99VOXSIAM:" + std::to_string(entry.id);
  const auto colon = chosen.find(':');
  return CodeSequenceMacro(chosen.substr(colon + 1).c_str(), chosen.substr(0, colon).c_str(),
                           meaningOf(entry).c_str());
}

DcmSegTypes::E_SegmentAlgoType algorithmType(const std::string& type) {
  if (type == "AUTOMATIC") return DcmSegTypes::SAT_AUTOMATIC;
  if (type == "SEMIAUTOMATIC") return DcmSegTypes::SAT_SEMIAUTOMATIC;
  return DcmSegTypes::SAT_MANUAL;
}

/// One segment for `entry`, described as the scheme and the algorithm say.
DcmSegment* makeSegment(const LabelEntry& entry, const SegmentAlgorithm& algorithm,
                        const std::string& path) {
  DcmSegment* segment = nullptr;
  const auto type = algorithmType(algorithm.type);
  const std::string name = type == DcmSegTypes::SAT_MANUAL ? "" : algorithm.name;
  check(DcmSegment::create(segment, entry.name.c_str(),
                           CodeSequenceMacro("123037004", "SCT", "Anatomical Structure"),
                           typeCode(entry), type, name.empty() ? "" : name.c_str()),
        path, "segment " + entry.name);
  if (entry.laterality == "left" || entry.laterality == "right") {
    const bool left = entry.laterality == "left";
    segment->getSegmentedPropertyTypeModifierCode().push_back(
        new CodeSequenceMacro(left ? "7771000" : "24028007", "SCT", left ? "Left" : "Right"));
  }
  double l = 0, a = 0, b = 0;
  IODCIELabUtil::rgb2DicomLab(l, a, b, entry.color[0] / 255.0, entry.color[1] / 255.0,
                              entry.color[2] / 255.0);
  segment->setRecommendedDisplayCIELabValue(static_cast<Uint16>(l), static_cast<Uint16>(a),
                                            static_cast<Uint16>(b));
  return segment;
}

/// The patient, study and frame of reference: the source series' when known, else new ones.
void joinStudy(DcmSegmentation& seg, const DicomSegContent& content) {
  const DicomIdentity& source = content.source;
  auto& patient = seg.getPatient();
  auto& study = seg.getStudy();
  if (!source.present()) {
    patient.setPatientID(content.caseName.substr(0, 64).c_str(), OFFalse);
    study.setStudyInstanceUID(newDicomUid().c_str());
    seg.getFrameOfReference().setFrameOfReferenceUID(newDicomUid().c_str());
    return;
  }
  patient.setPatientName(source.patientName.c_str(), OFFalse);
  patient.setPatientID(source.patientId.c_str(), OFFalse);
  patient.setPatientBirthDate(source.patientBirthDate.c_str(), OFFalse);
  patient.setPatientSex(source.patientSex.c_str(), OFFalse);
  study.setStudyInstanceUID(source.studyUid.c_str(), OFFalse);
  study.setStudyDate(source.studyDate.c_str(), OFFalse);
  study.setStudyTime(source.studyTime.c_str(), OFFalse);
  study.setStudyID(source.studyId.c_str(), OFFalse);
  study.setAccessionNumber(source.accessionNumber.c_str(), OFFalse);
  study.setStudyDescription(source.studyDescription.c_str(), OFFalse);
  const std::string frameOfReference =
      source.frameOfReferenceUid.empty() ? newDicomUid() : source.frameOfReferenceUid;
  seg.getFrameOfReference().setFrameOfReferenceUID(frameOfReference.c_str(), OFFalse);
}

/// Pixel spacing and plane orientation, the same for every frame.
void addSharedGeometry(DcmSegmentation& seg, const ImageGeometry& grid, const std::string& path) {
  FGPixelMeasures measures;
  measures.setPixelSpacing(
      (dicomDecimal(grid.spacing[1]) + "\\" + dicomDecimal(grid.spacing[0])).c_str());
  measures.setSliceThickness(dicomDecimal(grid.spacing[2]).c_str());
  measures.setSpacingBetweenSlices(dicomDecimal(grid.spacing[2]).c_str());
  check(seg.addForAllFrames(measures), path, "pixel measures");
  const auto& d = grid.direction;
  std::unique_ptr<FGPlaneOrientationPatient> orientation(FGPlaneOrientationPatient::createMinimal(
      dicomDecimal(d[0]).c_str(), dicomDecimal(d[3]).c_str(), dicomDecimal(d[6]).c_str(),
      dicomDecimal(d[1]).c_str(), dicomDecimal(d[4]).c_str(), dicomDecimal(d[7]).c_str()));
  if (!orientation) throw InputError(path, "cannot write DICOM SEG: bad plane orientation");
  check(seg.addForAllFrames(*orientation), path, "plane orientation");
  const OFString dimensions = newDicomUid().c_str();
  auto& dimension = seg.getDimensions();
  check(dimension.addDimensionIndex(DCM_ReferencedSegmentNumber, dimensions,
                                    DCM_SegmentIdentificationSequence, "ReferencedSegmentNumber"),
        path, "dimension index");
  check(dimension.addDimensionIndex(DCM_ImagePositionPatient, dimensions, DCM_PlanePositionSequence,
                                    "ImagePositionPatient"),
        path, "dimension index");
}

/// Whether organ `organs[o]` has voxels in slice k, for every k and o.
std::vector<std::vector<bool>> slicePresence(const LabelMap& labels,
                                             const std::vector<const LabelEntry*>& organs) {
  std::vector<int> column(kNotAnnotated + 1, -1);
  for (std::size_t o = 0; o < organs.size(); ++o) column[organs[o]->id] = static_cast<int>(o);
  const auto& size = labels.size();
  const std::size_t plane = size[0] * size[1];
  std::vector<std::vector<bool>> present(size[2], std::vector<bool>(organs.size(), false));
  for (std::size_t index = 0; index < labels.voxelCount(); ++index) {
    const int o = column[labels[index]];
    if (o >= 0) present[index / plane][static_cast<std::size_t>(o)] = true;
  }
  return present;
}

/// The per-frame groups of the frame of organ segment `segment` in slice `k`.
class FrameGroups {
 public:
  FrameGroups(const ImageGeometry& grid, const DicomIdentity& source, Uint16 segment, std::size_t k,
              const std::string& path) {
    const auto position = grid.indexToPhysical({0, 0, static_cast<double>(k)});
    plane_.reset(FGPlanePosPatient::createMinimal(dicomDecimal(position[0]).c_str(),
                                                  dicomDecimal(position[1]).c_str(),
                                                  dicomDecimal(position[2]).c_str()));
    if (!plane_) throw InputError(path, "cannot write DICOM SEG: bad plane position");
    content_.setDimensionIndexValues(segment, 0);
    content_.setDimensionIndexValues(static_cast<Uint32>(k + 1), 1);
    groups_ = {plane_.get(), &content_};
    if (source.instanceUids.size() != grid.size[2]) return;
    ImageSOPInstanceReferenceMacro reference;
    reference.setReferencedSOPClassUID(
        (source.sopClassUid.empty() ? kCtImageStorage : source.sopClassUid).c_str(), OFFalse);
    reference.setReferencedSOPInstanceUID(source.instanceUids[k].c_str(), OFFalse);
    derivation_.reset(DcmSegmentation::createDerivationImageFG(
        OFVector<ImageSOPInstanceReferenceMacro>(1, reference), "Segmentation"));
    if (derivation_) groups_.push_back(derivation_.get());
  }
  const OFVector<FGBase*>& groups() const { return groups_; }

 private:
  std::unique_ptr<FGPlanePosPatient> plane_;
  FGFrameContent content_;
  std::unique_ptr<FGDerivationImage> derivation_;
  OFVector<FGBase*> groups_;
};

/// Adds one frame per slice with voxels for every segment.
void addFrames(DcmSegmentation& seg, const LabelMap& labels,
               const std::vector<const LabelEntry*>& organs, const std::vector<Uint16>& numbers,
               const DicomSegContent& content, const std::string& path) {
  const auto present = slicePresence(labels, organs);
  const auto& size = labels.size();
  std::vector<Uint8> pixels(size[0] * size[1]);
  for (std::size_t o = 0; o < organs.size(); ++o) {
    for (std::size_t k = 0; k < size[2]; ++k) {
      if (!present[k][o]) continue;
      const std::uint16_t* slice = labels.voxels().data() + k * pixels.size();
      for (std::size_t p = 0; p < pixels.size(); ++p) pixels[p] = slice[p] == organs[o]->id;
      const FrameGroups groups(labels.geometry(), content.source, numbers[o], k, path);
      check(seg.addFrame(pixels.data(), numbers[o], groups.groups()), path,
            "frame of " + organs[o]->name);
    }
  }
}

/// Lists the source series' instances in the Common Instance Reference module.
void referenceSourceSeries(DcmSegmentation& seg, const DicomIdentity& source, std::size_t slices) {
  if (source.instanceUids.size() != slices) return;
  IODReferences references;
  const std::string sopClass = source.sopClassUid.empty() ? kCtImageStorage : source.sopClassUid;
  for (const auto& uid : source.instanceUids)
    references.add(new IODImageReference(source.patientId.c_str(), source.studyUid.c_str(),
                                         source.seriesUid.c_str(), uid.c_str(), sopClass.c_str()));
  seg.getCommonInstanceReference().addReferences(references, source.studyUid.c_str());
}

std::unique_ptr<DcmSegmentation> createSegmentation(const LabelMap& labels,
                                                    const DicomSegContent& content,
                                                    const std::string& path) {
  const auto& size = labels.size();
  if (size[0] > 65535 || size[1] > 65535)
    throw InputError(path, "cannot write DICOM SEG: slices larger than 65535 pixels a side");
  const IODGeneralEquipmentModule::EquipmentInfo equipment("VoxSiam", "VoxSiam Studio", "1",
                                                           VOXSIAM_VERSION);
  const ContentIdentificationMacro identification("1", "VOXSIAM_LABELS",
                                                  content.description.substr(0, 64).c_str(),
                                                  content.author.substr(0, 64).c_str());
  DcmSegmentation* created = nullptr;
  check(DcmSegmentation::createBinarySegmentation(created, static_cast<Uint16>(size[1]),
                                                  static_cast<Uint16>(size[0]), equipment,
                                                  identification),
        path, "creating the object");
  std::unique_ptr<DcmSegmentation> seg(created);
  joinStudy(*seg, content);
  seg->getSeries().setSeriesNumber("901");
  seg->getSeries().setSeriesDescription(content.seriesDescription.substr(0, 64).c_str(), OFFalse);
  return seg;
}

}  // namespace

void writeDicomSeg(const LabelMap& labels, const LabelScheme& scheme,
                   const DicomSegContent& content, const std::string& path) {
  OFLog::configure(OFLogger::FATAL_LOG_LEVEL);
  const auto organs = organsPresent(labels, scheme);
  if (organs.empty()) throw InputError(path, "cannot write DICOM SEG: the labels hold no organ");
  auto seg = createSegmentation(labels, content, path);
  std::vector<Uint16> numbers;
  for (const LabelEntry* organ : organs) {
    const auto found = content.algorithms.find(organ->id);
    DcmSegment* segment = makeSegment(
        *organ, found == content.algorithms.end() ? SegmentAlgorithm{} : found->second, path);
    numbers.push_back(0);
    check(seg->addSegment(segment, numbers.back()), path, "segment " + organ->name);
  }
  addSharedGeometry(*seg, labels.geometry(), path);
  addFrames(*seg, labels, organs, numbers, content, path);
  referenceSourceSeries(*seg, content.source, labels.size()[2]);
  saveDicomAtomically(path, "DICOM SEG", [&](const std::string& file) {
    const OFCondition saved = seg->saveFile(file.c_str(), EXS_LittleEndianExplicit);
    return saved.good() ? std::string() : std::string(saved.text());
  });
}

}  // namespace voxsiam::image
