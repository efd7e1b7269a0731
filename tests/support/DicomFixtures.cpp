#include "tests/support/DicomFixtures.h"

#include <gdcmAnonymizer.h>
#include <gdcmReader.h>
#include <gdcmWriter.h>

#include <stdexcept>

namespace voxsiam::test {

void copyAsOtherSeries(const std::string& source, const std::string& target,
                       const std::string& seriesUid, int instance) {
  gdcm::Reader reader;
  reader.SetFileName(source.c_str());
  if (!reader.Read()) throw std::runtime_error("cannot read " + source);
  gdcm::Anonymizer anonymizer;
  anonymizer.SetFile(reader.GetFile());
  anonymizer.Replace(gdcm::Tag(0x0020, 0x000e), seriesUid.c_str());
  const std::string instanceUid = seriesUid + "." + std::to_string(instance);
  anonymizer.Replace(gdcm::Tag(0x0008, 0x0018), instanceUid.c_str());
  gdcm::Writer writer;
  writer.SetFile(reader.GetFile());
  writer.SetFileName(target.c_str());
  if (!writer.Write()) throw std::runtime_error("cannot write " + target);
}

}  // namespace voxsiam::test

namespace voxsiam::test {

void copyWithRescale(const std::string& source, const std::string& target, const std::string& slope,
                     const std::string& intercept) {
  gdcm::Reader reader;
  reader.SetFileName(source.c_str());
  if (!reader.Read()) throw std::runtime_error("cannot read " + source);
  gdcm::Anonymizer anonymizer;
  anonymizer.SetFile(reader.GetFile());
  anonymizer.Replace(gdcm::Tag(0x0028, 0x1053), slope.c_str());
  anonymizer.Replace(gdcm::Tag(0x0028, 0x1052), intercept.c_str());
  gdcm::Writer writer;
  writer.SetFile(reader.GetFile());
  writer.SetFileName(target.c_str());
  if (!writer.Write()) throw std::runtime_error("cannot write " + target);
}

}  // namespace voxsiam::test
