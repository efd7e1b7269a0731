#include "tests/support/DicomFixtures.h"

#include <gdcmAnonymizer.h>
#include <gdcmReader.h>
#include <gdcmSequenceOfItems.h>
#include <gdcmWriter.h>

#include <stdexcept>
#include <utility>
#include <vector>

namespace voxsiam::test {
namespace {

/// Copies a DICOM file, replacing the given tags' values.
void copyWithReplacements(const std::string& source, const std::string& target,
                          const std::vector<std::pair<gdcm::Tag, std::string>>& replacements) {
  gdcm::Reader reader;
  reader.SetFileName(source.c_str());
  if (!reader.Read()) throw std::runtime_error("cannot read " + source);
  gdcm::Anonymizer anonymizer;
  anonymizer.SetFile(reader.GetFile());
  for (const auto& [tag, value] : replacements) anonymizer.Replace(tag, value.c_str());
  gdcm::Writer writer;
  writer.SetFile(reader.GetFile());
  writer.SetFileName(target.c_str());
  if (!writer.Write()) throw std::runtime_error("cannot write " + target);
}

/// Sets `tag` in `dataset` to the text `value` (padded to even length).
void setText(gdcm::DataSet& dataset, const gdcm::Tag& tag, std::string value) {
  if (value.size() % 2) value += ' ';
  gdcm::DataElement element(tag);
  element.SetByteValue(value.data(), gdcm::VL(std::uint32_t(value.size())));
  dataset.Replace(element);
}

/// The first item of sequence `tag` in `dataset`, to edit in place.
gdcm::DataSet& firstItemOf(gdcm::DataSet& dataset, const gdcm::Tag& tag,
                           gdcm::SmartPointer<gdcm::SequenceOfItems>& keep) {
  keep = dataset.GetDataElement(tag).GetValueAsSQ();
  if (!keep || keep->GetNumberOfItems() == 0) throw std::runtime_error("no sequence item");
  return keep->GetItem(1).GetNestedDataSet();
}

}  // namespace

void copySegWithSegment(const std::string& source, const std::string& target,
                        const std::string& label, const std::string& scheme,
                        const std::string& value, const std::string& meaning) {
  gdcm::Reader reader;
  reader.SetFileName(source.c_str());
  if (!reader.Read()) throw std::runtime_error("cannot read " + source);
  gdcm::DataSet& dataset = reader.GetFile().GetDataSet();
  gdcm::SmartPointer<gdcm::SequenceOfItems> segments, types;
  gdcm::DataSet& segment = firstItemOf(dataset, gdcm::Tag(0x0062, 0x0002), segments);
  setText(segment, gdcm::Tag(0x0062, 0x0005), label);
  gdcm::DataSet& type = firstItemOf(segment, gdcm::Tag(0x0062, 0x000f), types);
  setText(type, gdcm::Tag(0x0008, 0x0102), scheme);
  setText(type, gdcm::Tag(0x0008, 0x0100), value);
  setText(type, gdcm::Tag(0x0008, 0x0104), meaning);
  gdcm::DataElement typeElement = segment.GetDataElement(gdcm::Tag(0x0062, 0x000f));
  typeElement.SetValue(*types);
  segment.Replace(typeElement);
  gdcm::DataElement segmentElement = dataset.GetDataElement(gdcm::Tag(0x0062, 0x0002));
  segmentElement.SetValue(*segments);
  dataset.Replace(segmentElement);
  gdcm::Writer writer;
  writer.SetFile(reader.GetFile());
  writer.SetFileName(target.c_str());
  if (!writer.Write()) throw std::runtime_error("cannot write " + target);
}

void copyWithText(const std::string& source, const std::string& target, unsigned group,
                  unsigned element, const std::string& value) {
  copyWithReplacements(source, target,
                       {{gdcm::Tag(std::uint16_t(group), std::uint16_t(element)), value}});
}

void copyWithShort(const std::string& source, const std::string& target, unsigned group,
                   unsigned element, unsigned value) {
  gdcm::Reader reader;
  reader.SetFileName(source.c_str());
  if (!reader.Read()) throw std::runtime_error("cannot read " + source);
  const char bytes[2] = {char(value & 0xff), char(value >> 8 & 0xff)};
  gdcm::DataElement changed{gdcm::Tag(std::uint16_t(group), std::uint16_t(element))};
  changed.SetByteValue(bytes, 2);
  reader.GetFile().GetDataSet().Replace(changed);
  gdcm::Writer writer;
  writer.SetFile(reader.GetFile());
  writer.SetFileName(target.c_str());
  if (!writer.Write()) throw std::runtime_error("cannot write " + target);
}

void copyAsOtherSeries(const std::string& source, const std::string& target,
                       const std::string& seriesUid, int instance) {
  copyWithReplacements(source, target,
                       {{gdcm::Tag(0x0020, 0x000e), seriesUid},
                        {gdcm::Tag(0x0008, 0x0018), seriesUid + "." + std::to_string(instance)}});
}

void copyWithRescale(const std::string& source, const std::string& target, const std::string& slope,
                     const std::string& intercept) {
  copyWithReplacements(
      source, target, {{gdcm::Tag(0x0028, 0x1053), slope}, {gdcm::Tag(0x0028, 0x1052), intercept}});
}

}  // namespace voxsiam::test
