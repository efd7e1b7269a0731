#include "core/image/SchemeLabelReader.h"

#include <algorithm>

#include "core/image/DicomSegReader.h"
#include "core/image/InputError.h"
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

SchemeLabels readSegInScheme(const std::string& path, const LabelMapping& mapping,
                             const LabelScheme& target) {
  std::vector<SegSegment> segments;
  SchemeLabels result{readDicomSeg(path, &segments), {}};
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
    throw InputError(path, "no DICOM SEG segment can be mapped: " +
                               (names.empty() ? std::string("it has no segments") : names));
  }
  for (std::uint16_t& voxel : result.labels.voxels()) voxel = voxel < ids.size() ? ids[voxel] : 0;
  if (!mapping.isIdentity()) result.labels = mapping.apply(result.labels);
  return result;
}

}  // namespace

SchemeLabels readLabelsInScheme(const std::string& path, const LabelMapping& mapping,
                                const LabelScheme& target, ImageSource* source) {
  if (isDicomSeg(path)) {
    if (source) *source = ImageSource{"DICOM SEG", "bit", "", "SEG", 0, ""};
    return readSegInScheme(path, mapping, target);
  }
  return {mapping.apply(readLabelMap(path, source)), {}};
}

LabelScheme targetSchemeOf(const LabelMapping& mapping, const std::string& fallback) {
  return LabelScheme::builtin(isBuiltinScheme(mapping.toScheme()) ? mapping.toScheme() : fallback);
}

}  // namespace voxsiam::image
