#include "tests/support/DicomFixtures.h"

#include <gdcmAnonymizer.h>
#include <gdcmReader.h>
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

}  // namespace

void copyAsOtherSeries(const std::string& source, const std::string& target,
                       const std::string& seriesUid, int instance) {
  copyWithReplacements(source, target,
                       {{gdcm::Tag(0x0020, 0x000e), seriesUid},
                        {gdcm::Tag(0x0008, 0x0018), seriesUid + "." + std::to_string(instance)}});
}

void copyWithRescale(const std::string& source, const std::string& target, const std::string& slope,
                     const std::string& intercept) {
  copyWithReplacements(source, target,
                       {{gdcm::Tag(0x0028, 0x1053), slope}, {gdcm::Tag(0x0028, 0x1052), intercept}});
}

}  // namespace voxsiam::test
