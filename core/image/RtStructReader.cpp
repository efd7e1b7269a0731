#include "core/image/RtStructReader.h"

#include <gdcmAttribute.h>
#include <gdcmReader.h>
#include <gdcmSequenceOfItems.h>

#include <cmath>
#include <map>
#include <sstream>

#include "core/image/DicomFileCheck.h"
#include "core/image/InputError.h"
#include "core/image/SliceOutlines.h"
#include "core/image/StderrSilencer.h"

namespace voxsiam::image {
namespace {

const char* kRtStructureSetStorage = "1.2.840.10008.5.1.4.1.1.481.3";

std::string textOf(const gdcm::DataSet& dataset, const gdcm::Tag& tag) {
  if (!dataset.FindDataElement(tag)) return {};
  const gdcm::ByteValue* bytes = dataset.GetDataElement(tag).GetByteValue();
  std::string text = bytes ? std::string(bytes->GetPointer(), bytes->GetLength()) : std::string();
  while (!text.empty() && (text.back() == ' ' || text.back() == '\0')) text.pop_back();
  while (!text.empty() && text.front() == ' ') text.erase(text.begin());
  return text;
}

/// The items of sequence `tag` of `dataset` (none when it is absent).
std::vector<const gdcm::DataSet*> itemsOf(const gdcm::DataSet& dataset, const gdcm::Tag& tag) {
  std::vector<const gdcm::DataSet*> items;
  if (!dataset.FindDataElement(tag)) return items;
  const auto sequence = dataset.GetDataElement(tag).GetValueAsSQ();
  for (gdcm::SequenceOfItems::SizeType i = 1; sequence && i <= sequence->GetNumberOfItems(); ++i)
    items.push_back(&sequence->GetItem(i).GetNestedDataSet());
  return items;
}

/// The numbers of a backslash-separated DS value.
std::vector<double> decimals(const std::string& text, const std::string& path) {
  std::vector<double> values;
  std::istringstream stream(text);
  std::string field;
  while (std::getline(stream, field, '\\')) {
    try {
      values.push_back(std::stod(field));
    } catch (const std::exception&) {
      throw InputError(path, "RTSTRUCT contour data holds '" + field + "', not a number");
    }
    if (!std::isfinite(values.back()))
      throw InputError(path, "RTSTRUCT contour data is not finite");
  }
  return values;
}

/// One contour as an outline in the grid's slice `slice`.
struct PlacedContour {
  std::size_t slice = 0;
  Outline outline;
};

PlacedContour placeContour(const std::vector<double>& points, const ImageGeometry& grid,
                           const std::string& roiName, const std::string& path) {
  if (points.size() < 9 || points.size() % 3 != 0)
    throw InputError(path, "RTSTRUCT contour of '" + roiName + "' is not a list of 3-D points");
  PlacedContour placed;
  double height = 0;
  for (std::size_t p = 0; p < points.size(); p += 3) {
    const auto index = grid.physicalToIndex({points[p], points[p + 1], points[p + 2]});
    if (p == 0) height = index[2];
    if (std::fabs(index[2] - height) > 0.25)
      throw InputError(path, "RTSTRUCT contour of '" + roiName + "' is not in one slice plane");
    placed.outline.push_back({index[0], index[1]});
  }
  const double slice = std::round(height);
  if (std::fabs(height - slice) > 0.25 || slice < 0 || slice >= double(grid.size[2]))
    throw InputError(path, "RTSTRUCT contour of '" + roiName +
                               "' lies between or outside the "
                               "image's slices");
  placed.slice = static_cast<std::size_t>(slice);
  return placed;
}

/// ROI number -> name, in Structure Set ROI order.
std::vector<std::pair<long, std::string>> roisOf(const gdcm::DataSet& dataset) {
  std::vector<std::pair<long, std::string>> rois;
  for (const auto* item : itemsOf(dataset, gdcm::Tag(0x3006, 0x0020))) {
    const std::string number = textOf(*item, gdcm::Tag(0x3006, 0x0022));
    rois.push_back({number.empty() ? -1 : std::atol(number.c_str()),
                    textOf(*item, gdcm::Tag(0x3006, 0x0026))});
  }
  return rois;
}

/// Fills the contours of one ROI into `labels` with `value`, slice by slice.
void fillRoi(const std::map<std::size_t, std::vector<Outline>>& slices, std::uint16_t value,
             LabelMap& labels) {
  const std::size_t columns = labels.size()[0], rows = labels.size()[1];
  std::vector<bool> inside;
  for (const auto& [slice, outlines] : slices) {
    fillOutlines(outlines, columns, rows, inside);
    for (std::size_t pixel = 0; pixel < inside.size(); ++pixel)
      if (inside[pixel]) labels[slice * columns * rows + pixel] = value;
  }
}

}  // namespace

bool isRtStruct(const std::string& path) {
  if (!checkDicomFile(path).wellFormed) return false;
  detail::StderrSilencer quiet;
  gdcm::Reader reader;
  reader.SetFileName(path.c_str());
  if (!reader.ReadUpToTag(gdcm::Tag(0x0008, 0x0017))) return false;
  return textOf(reader.GetFile().GetDataSet(), gdcm::Tag(0x0008, 0x0016)) == kRtStructureSetStorage;
}

LabelMap readRtStruct(const std::string& path, const ImageGeometry& grid,
                      std::vector<SegSegment>* segments) {
  const auto check = checkDicomFile(path);
  if (!check.wellFormed) throw InputError(path, "damaged DICOM file: " + check.problem);
  detail::StderrSilencer quiet;
  gdcm::Reader reader;
  reader.SetFileName(path.c_str());
  if (!reader.Read()) throw InputError(path, "cannot read the RTSTRUCT object");
  const gdcm::DataSet& dataset = reader.GetFile().GetDataSet();
  const auto rois = roisOf(dataset);
  if (rois.empty()) throw InputError(path, "RTSTRUCT lists no ROI");
  const std::map<long, std::string> names(rois.begin(), rois.end());
  std::map<long, std::map<std::size_t, std::vector<Outline>>> contours;
  for (const auto* roi : itemsOf(dataset, gdcm::Tag(0x3006, 0x0039))) {
    const long number = std::atol(textOf(*roi, gdcm::Tag(0x3006, 0x0084)).c_str());
    for (const auto* contour : itemsOf(*roi, gdcm::Tag(0x3006, 0x0040))) {
      if (textOf(*contour, gdcm::Tag(0x3006, 0x0042)) != "CLOSED_PLANAR") continue;
      auto placed = placeContour(decimals(textOf(*contour, gdcm::Tag(0x3006, 0x0050)), path), grid,
                                 names.count(number) ? names.at(number) : "?", path);
      contours[number][placed.slice].push_back(std::move(placed.outline));
    }
  }
  LabelMap labels(grid, 0);
  for (std::size_t n = 0; n < rois.size(); ++n) {
    fillRoi(contours[rois[n].first], static_cast<std::uint16_t>(n + 1), labels);
    if (segments) segments->push_back(namedSegment(static_cast<unsigned>(n + 1), rois[n].second));
  }
  return labels;
}

}  // namespace voxsiam::image
