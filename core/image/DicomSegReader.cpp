#include "core/image/DicomSegReader.h"

#include <gdcmAttribute.h>
#include <gdcmImageReader.h>
#include <gdcmReader.h>
#include <gdcmSequenceOfItems.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "core/image/DicomFileCheck.h"
#include "core/image/InputError.h"
#include "core/image/StderrSilencer.h"

namespace voxsiam::image {
namespace {

const char* kSegmentationStorage = "1.2.840.10008.5.1.4.1.1.66.4";

/// One frame of the SEG: where it lies and which segment it shows.
struct SegFrame {
  std::array<double, 3> position{};
  unsigned segment = 0;
};

const gdcm::DataSet& firstItem(const gdcm::DataSet& parent, const gdcm::Tag& tag,
                               const std::string& path) {
  if (!parent.FindDataElement(tag))
    throw InputError(path, "DICOM SEG frame lacks " + tag.PrintAsPipeSeparatedString());
  const auto sequence = parent.GetDataElement(tag).GetValueAsSQ();
  if (!sequence || sequence->GetNumberOfItems() == 0)
    throw InputError(path, "DICOM SEG frame has an empty " + tag.PrintAsPipeSeparatedString());
  return sequence->GetItem(1).GetNestedDataSet();
}

std::vector<SegFrame> readFrames(const gdcm::DataSet& dataset, const std::string& path) {
  const gdcm::Tag perFrameTag(0x5200, 0x9230);
  if (!dataset.FindDataElement(perFrameTag))
    throw InputError(path, "DICOM SEG has no per-frame functional groups");
  const auto perFrame = dataset.GetDataElement(perFrameTag).GetValueAsSQ();
  std::vector<SegFrame> frames;
  for (gdcm::SequenceOfItems::SizeType item = 1; perFrame && item <= perFrame->GetNumberOfItems();
       ++item) {
    const gdcm::DataSet& frame = perFrame->GetItem(item).GetNestedDataSet();
    gdcm::Attribute<0x0020, 0x0032> position;
    position.SetFromDataSet(firstItem(frame, gdcm::Tag(0x0020, 0x9113), path));
    gdcm::Attribute<0x0062, 0x000b> segment;
    segment.SetFromDataSet(firstItem(frame, gdcm::Tag(0x0062, 0x000a), path));
    frames.push_back(
        {{position[0], position[1], position[2]}, static_cast<unsigned>(segment.GetValue())});
  }
  if (frames.empty()) throw InputError(path, "DICOM SEG has no frames");
  return frames;
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\0')) text.pop_back();
  return text;
}

std::string stringOf(const gdcm::DataSet& dataset, const gdcm::Tag& tag) {
  if (!dataset.FindDataElement(tag)) return {};
  const gdcm::ByteValue* bytes = dataset.GetDataElement(tag).GetByteValue();
  return bytes ? trimmed(std::string(bytes->GetPointer(), bytes->GetLength())) : std::string();
}

CodedConcept codeIn(const gdcm::DataSet& parent, const gdcm::Tag& sequenceTag) {
  if (!parent.FindDataElement(sequenceTag)) return {};
  const auto sequence = parent.GetDataElement(sequenceTag).GetValueAsSQ();
  if (!sequence || sequence->GetNumberOfItems() == 0) return {};
  const gdcm::DataSet& item = sequence->GetItem(1).GetNestedDataSet();
  return {stringOf(item, gdcm::Tag(0x0008, 0x0102)), stringOf(item, gdcm::Tag(0x0008, 0x0100)),
          stringOf(item, gdcm::Tag(0x0008, 0x0104))};
}

SegSegment segmentOf(const gdcm::DataSet& item) {
  SegSegment segment;
  gdcm::Attribute<0x0062, 0x0004> number;
  number.SetFromDataSet(item);
  segment.number = number.GetValue();
  segment.label = stringOf(item, gdcm::Tag(0x0062, 0x0005));
  segment.algorithmType = stringOf(item, gdcm::Tag(0x0062, 0x0008));
  segment.category = codeIn(item, gdcm::Tag(0x0062, 0x0003));
  segment.type = codeIn(item, gdcm::Tag(0x0062, 0x000f));
  if (item.FindDataElement(gdcm::Tag(0x0062, 0x000f))) {
    const auto types = item.GetDataElement(gdcm::Tag(0x0062, 0x000f)).GetValueAsSQ();
    if (types && types->GetNumberOfItems() > 0)
      segment.modifier = codeIn(types->GetItem(1).GetNestedDataSet(), gdcm::Tag(0x0062, 0x0011));
  }
  return segment;
}

std::vector<SegSegment> readSegments(const gdcm::DataSet& dataset) {
  std::vector<SegSegment> segments;
  const gdcm::Tag sequenceTag(0x0062, 0x0002);
  if (!dataset.FindDataElement(sequenceTag)) return segments;
  const auto sequence = dataset.GetDataElement(sequenceTag).GetValueAsSQ();
  for (gdcm::SequenceOfItems::SizeType item = 1; sequence && item <= sequence->GetNumberOfItems();
       ++item)
    segments.push_back(segmentOf(sequence->GetItem(item).GetNestedDataSet()));
  return segments;
}

/// The Pixel Measures of the SEG's shared functional groups, else of its first frame's.
const gdcm::DataSet* pixelMeasures(const gdcm::DataSet& dataset) {
  for (const gdcm::Tag groups : {gdcm::Tag(0x5200, 0x9229), gdcm::Tag(0x5200, 0x9230)}) {
    if (!dataset.FindDataElement(groups)) continue;
    const auto sequence = dataset.GetDataElement(groups).GetValueAsSQ();
    if (!sequence || sequence->GetNumberOfItems() == 0) continue;
    const gdcm::DataSet& item = sequence->GetItem(1).GetNestedDataSet();
    const gdcm::Tag measuresTag(0x0028, 0x9110);
    if (!item.FindDataElement(measuresTag)) continue;
    const auto measures = item.GetDataElement(measuresTag).GetValueAsSQ();
    if (measures && measures->GetNumberOfItems() > 0)
      return &measures->GetItem(1).GetNestedDataSet();
  }
  return nullptr;
}

/// Column, row and slice spacing in mm: Pixel Spacing and Spacing Between Slices of the
/// functional groups (GDCM's own reading gives 1 mm for SEGs whose frames are not one monotonic
/// stack, as every multi-segment SEG), the slice spacing else from the closest distinct frame
/// heights, else Slice Thickness.
std::array<double, 3> segSpacing(const gdcm::Image& image, const gdcm::DataSet& dataset,
                                 std::vector<double> heights) {
  std::array<double, 3> spacing{image.GetSpacing()[0], image.GetSpacing()[1], 0.0};
  double thickness = 0;
  if (const gdcm::DataSet* measures = pixelMeasures(dataset)) {
    gdcm::Attribute<0x0028, 0x0030> pixel;
    pixel.SetFromDataSet(*measures);
    if (pixel[0] > 0 && pixel[1] > 0) spacing = {pixel[1], pixel[0], 0.0};
    gdcm::Attribute<0x0018, 0x0088> between;
    between.SetFromDataSet(*measures);
    spacing[2] = between.GetValue() > 0 ? between.GetValue() : 0.0;
    gdcm::Attribute<0x0018, 0x0050> sliceThickness;
    sliceThickness.SetFromDataSet(*measures);
    thickness = sliceThickness.GetValue();
  }
  std::sort(heights.begin(), heights.end());
  double closest = 0;
  for (std::size_t i = 1; i < heights.size(); ++i) {
    const double gap = heights[i] - heights[i - 1];
    if (gap > 1e-3 && (closest == 0 || gap < closest)) closest = gap;
  }
  if (spacing[2] <= 0) spacing[2] = closest > 0 ? closest : thickness > 0 ? thickness : 1.0;
  return spacing;
}

/// Grid of the SEG: in-plane from the image, slices from the span of the frame positions.
ImageGeometry segGeometry(const gdcm::Image& image, const gdcm::DataSet& dataset,
                          const std::vector<SegFrame>& frames,
                          std::vector<std::size_t>& sliceOfFrame, const std::string& path) {
  ImageGeometry geometry;
  const double* cosines = image.GetDirectionCosines();
  const double normal[3] = {cosines[1] * cosines[5] - cosines[2] * cosines[4],
                            cosines[2] * cosines[3] - cosines[0] * cosines[5],
                            cosines[0] * cosines[4] - cosines[1] * cosines[3]};
  for (int row = 0; row < 3; ++row) {
    geometry.direction[row * 3 + 0] = cosines[row];
    geometry.direction[row * 3 + 1] = cosines[3 + row];
    geometry.direction[row * 3 + 2] = normal[row];
  }
  auto along = [&](const SegFrame& frame) {
    return normal[0] * frame.position[0] + normal[1] * frame.position[1] +
           normal[2] * frame.position[2];
  };
  const auto lowest =
      std::min_element(frames.begin(), frames.end(),
                       [&](const SegFrame& a, const SegFrame& b) { return along(a) < along(b); });
  std::vector<double> heights;
  for (const auto& frame : frames) heights.push_back(along(frame));
  geometry.spacing = segSpacing(image, dataset, heights);
  const double sliceSpacing = geometry.spacing[2];
  geometry.origin = lowest->position;
  std::size_t slices = 1;
  for (const auto& frame : frames) {
    const double offset = (along(frame) - along(*lowest)) / sliceSpacing;
    if (std::fabs(offset - std::round(offset)) > 0.01)
      throw InputError(path, "DICOM SEG frames do not lie on a regular slice grid");
    sliceOfFrame.push_back(static_cast<std::size_t>(std::lround(offset)));
    slices = std::max(slices, sliceOfFrame.back() + 1);
  }
  geometry.size = {image.GetDimension(0), image.GetDimension(1), slices};
  return geometry;
}

}  // namespace

SegSegment namedSegment(unsigned number, const std::string& label) {
  SegSegment segment;
  segment.number = number;
  segment.label = label;
  return segment;
}

bool isDicomSeg(const std::string& path) {
  if (!checkDicomFile(path).wellFormed) return false;
  detail::StderrSilencer quiet;
  gdcm::Reader reader;
  reader.SetFileName(path.c_str());
  if (!reader.ReadUpToTag(gdcm::Tag(0x0008, 0x0017))) return false;
  gdcm::Attribute<0x0008, 0x0016> sopClass;
  sopClass.SetFromDataSet(reader.GetFile().GetDataSet());
  return trimmed(sopClass.GetValue()) == kSegmentationStorage;
}

LabelMap readDicomSeg(const std::string& path, std::vector<SegSegment>* segments) {
  const auto check = checkDicomFile(path);
  if (!check.wellFormed) throw InputError(path, "damaged DICOM file: " + check.problem);
  detail::StderrSilencer quiet;
  gdcm::ImageReader reader;
  reader.SetFileName(path.c_str());
  if (!reader.Read()) throw InputError(path, "cannot read the DICOM SEG object");
  const gdcm::Image& image = reader.GetImage();
  if (image.GetPixelFormat().GetBitsAllocated() != 1)
    throw InputError(path, "only binary DICOM SEG objects are supported (this one is fractional)");
  const gdcm::DataSet& dataset = reader.GetFile().GetDataSet();
  const auto frames = readFrames(dataset, path);
  std::vector<std::size_t> sliceOfFrame;
  LabelMap labels(segGeometry(image, dataset, frames, sliceOfFrame, path), 0);
  std::vector<unsigned char> packed(image.GetBufferLength());
  if (!image.GetBuffer(reinterpret_cast<char*>(packed.data())))
    throw InputError(path, "cannot decode the DICOM SEG pixel data");
  const std::size_t framePixels = labels.size()[0] * labels.size()[1];
  if (packed.size() * 8 < framePixels * frames.size())
    throw InputError(path, "DICOM SEG pixel data is shorter than its frames");
  for (std::size_t frame = 0; frame < frames.size(); ++frame)
    for (std::size_t pixel = 0; pixel < framePixels; ++pixel) {
      const std::size_t bit = frame * framePixels + pixel;
      if (packed[bit / 8] >> (bit % 8) & 1)
        labels[sliceOfFrame[frame] * framePixels + pixel] =
            static_cast<std::uint16_t>(frames[frame].segment);
    }
  if (segments) *segments = readSegments(dataset);
  return labels;
}

}  // namespace voxsiam::image
