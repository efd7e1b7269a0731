#include "core/image/SchemeLabelReader.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "core/image/DicomFileCheck.h"
#include "core/image/DicomSegReader.h"
#include "core/image/InputError.h"
#include "core/image/MaskFolderReader.h"
#include "core/image/RtStructReader.h"
#include "core/image/SegmentMatcher.h"

namespace voxsiam::image {
namespace {

bool isBuiltinScheme(const std::string& name) {
  const auto names = LabelScheme::builtinNames();
  return std::find(names.begin(), names.end(), name) != names.end();
}

/// Segment number -> id in `scheme`, naming the segments that match nothing.
std::vector<std::uint16_t> segmentIds(const std::vector<SegSegment>& segments,
                                      const LabelScheme& scheme,
                                      std::vector<std::string>& leftOut) {
  std::vector<std::uint16_t> ids;
  for (const auto& segment : segments) {
    if (ids.size() <= segment.number) ids.resize(segment.number + 1u, 0);
    ids[segment.number] = matchSegment(segment, scheme);
    if (ids[segment.number] == 0)
      leftOut.push_back(describeSegment(segment) + " is not in label scheme " + scheme.name());
  }
  return ids;
}

/// A line for every entry of `scheme` that several segments matched.
std::vector<std::string> mergedStructures(const std::vector<SegSegment>& segments,
                                          const std::vector<std::uint16_t>& ids,
                                          const LabelScheme& scheme) {
  std::map<std::uint16_t, std::vector<std::string>> byEntry;
  for (const auto& segment : segments)
    if (segment.number < ids.size() && ids[segment.number] != 0)
      byEntry[ids[segment.number]].push_back("'" + segment.label + "'");
  std::vector<std::string> lines;
  for (const auto& [id, names] : byEntry) {
    if (names.size() < 2) continue;
    std::string joined;
    for (std::size_t n = 0; n < names.size(); ++n)
      joined += (n == 0 ? "" : n + 1 == names.size() ? " and " : ", ") + names[n];
    lines.push_back(joined + " are all " + scheme.nameOf(id) + ": merged");
  }
  return lines;
}

/// Labels whose values are segment numbers (a DICOM SEG, a folder of masks), in `target`'s ids.
SchemeLabels segmentsInScheme(LabelMap labels, const std::vector<SegSegment>& segments,
                              const std::string& path, const LabelMapping& mapping,
                              const LabelScheme& target) {
  SchemeLabels result{std::move(labels), {}};
  const bool numbered = !mapping.isIdentity() && !isBuiltinScheme(mapping.fromScheme());
  if (numbered) {
    result.labels = mapping.apply(result.labels);
    return result;
  }
  const LabelScheme matchIn =
      mapping.isIdentity() ? target : LabelScheme::builtin(mapping.fromScheme());
  const auto ids = segmentIds(segments, matchIn, result.leftOut);
  if (std::none_of(ids.begin(), ids.end(), [](std::uint16_t id) { return id != 0; })) {
    std::string names;
    for (const auto& line : result.leftOut) names += (names.empty() ? "" : "; ") + line;
    throw InputError(path, "no structure can be mapped: " +
                               (names.empty() ? std::string("it has no segments") : names));
  }
  for (std::uint16_t& voxel : result.labels.voxels()) voxel = voxel < ids.size() ? ids[voxel] : 0;
  result.merged = mergedStructures(segments, ids, matchIn);
  if (!mapping.isIdentity()) result.labels = mapping.apply(result.labels);
  return result;
}

/// What a reader of segments read: its format and modality, one bit per voxel.
ImageSource describedSource(const std::string& format, const std::string& modality) {
  ImageSource source;
  source.format = format;
  source.storedType = "bit";
  source.modality = modality;
  return source;
}

}  // namespace

SchemeLabels readLabelsInScheme(const std::string& path, const LabelMapping& mapping,
                                const LabelScheme& target, ImageSource* source,
                                const ImageGeometry* grid) {
  std::vector<SegSegment> segments;
  if (isDicomSeg(path)) {
    if (source) *source = describedSource("DICOM SEG", "SEG");
    LabelMap labels = readDicomSeg(path, &segments);
    return segmentsInScheme(std::move(labels), segments, path, mapping, target);
  }
  if (isRtStruct(path)) {
    if (!grid)
      throw InputError(path,
                       "an RTSTRUCT holds contours, not voxels: give the image they were "
                       "drawn on (e.g. --like IMAGE)");
    if (source) *source = describedSource("DICOM RTSTRUCT", "RTSTRUCT");
    LabelMap labels = readRtStruct(path, *grid, &segments);
    return segmentsInScheme(std::move(labels), segments, path, mapping, target);
  }
  if (isMaskFolder(path)) {
    if (source) *source = describedSource("mask folder", "");
    LabelMap labels = readMaskFolder(path, &segments);
    return segmentsInScheme(std::move(labels), segments, path, mapping, target);
  }
  std::error_code error;
  if (std::filesystem::is_directory(path, error) && !folderHoldsDicom(path))
    throw InputError(path,
                     "folder holds neither a DICOM series nor mask files (NIfTI, NRRD, "
                     "MetaImage; one per structure)");
  return {mapping.apply(readLabelMap(path, source)), {}};
}

bool holdsNamedStructures(const std::string& path) {
  return isDicomSeg(path) || isRtStruct(path) || isMaskFolder(path);
}

LabelScheme targetSchemeOf(const LabelMapping& mapping, const std::string& fallback) {
  return LabelScheme::builtin(isBuiltinScheme(mapping.toScheme()) ? mapping.toScheme() : fallback);
}

}  // namespace voxsiam::image
