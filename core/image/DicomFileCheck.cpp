#include "core/image/DicomFileCheck.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace voxsiam::image {
namespace {

constexpr std::uint32_t kUndefined = 0xffffffffu;
constexpr int kMaxDepth = 16;

/// A problem found while walking; the message becomes DicomFileCheck::problem.
struct Malformed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string tagText(std::uint16_t group, std::uint16_t element) {
  char text[16];
  std::snprintf(text, sizeof text, "(%04X,%04X)", group, element);
  return text;
}

/// Little-endian reads over an open file, bounded by its size.
class Walker {
 public:
  Walker(const std::string& path, std::uint64_t size)
      : file_(path, std::ios::binary), size_(size) {}

  std::uint64_t position() { return std::uint64_t(file_.tellg()); }
  std::uint64_t size() const { return size_; }
  void seek(std::uint64_t to) {
    if (to > size_) throw Malformed("truncated: a value runs past the end of the file");
    file_.seekg(std::streamoff(to));
  }
  std::uint16_t u16() { return std::uint16_t(bytes(2)); }
  std::uint32_t u32() { return std::uint32_t(bytes(4)); }
  std::string text(std::uint32_t length) {
    if (position() + length > size_) throw Malformed("truncated: a value runs past the end");
    std::string value(length, '\0');
    file_.read(value.data(), length);
    while (!value.empty() && (value.back() == '\0' || value.back() == ' ')) value.pop_back();
    return value;
  }

 private:
  std::uint64_t bytes(int count) {
    if (position() + std::uint64_t(count) > size_)
      throw Malformed("truncated: an element header runs past the end of the file");
    unsigned char raw[4] = {0, 0, 0, 0};
    file_.read(reinterpret_cast<char*>(raw), count);
    std::uint64_t value = 0;
    for (int index = count - 1; index >= 0; --index) value = value << 8 | raw[index];
    return value;
  }
  std::ifstream file_;
  std::uint64_t size_;
};

/// The value representations of DICOM PS3.5 (GDCM aborts on any other).
bool knownVr(const std::string& vr) {
  static const char* known[] = {"AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD",
                                "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW",
                                "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC",
                                "UI", "UL", "UN", "UR", "US", "UT", "UV"};
  for (const char* candidate : known)
    if (vr == candidate) return true;
  return false;
}

bool longLengthVr(const std::string& vr) {
  for (const char* candidate :
       {"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"})
    if (vr == candidate) return true;
  return false;
}

/// One element header: tag, VR (empty in implicit VR) and value length.
struct Header {
  std::uint16_t group = 0, element = 0;
  std::string vr;
  std::uint32_t length = 0;
};

Header readHeader(Walker& walker, bool explicitVr) {
  Header header;
  header.group = walker.u16();
  header.element = walker.u16();
  const bool delimiter = header.group == 0xfffe;
  if (explicitVr && !delimiter) {
    header.vr = walker.text(2);
    if (!knownVr(header.vr))
      throw Malformed("element " + tagText(header.group, header.element) + " has no valid VR");
    if (longLengthVr(header.vr)) {
      walker.u16();
      header.length = walker.u32();
    } else {
      header.length = walker.u16();
    }
  } else {
    header.length = walker.u32();
  }
  return header;
}

void skipElements(Walker& walker, bool explicitVr, std::uint64_t end, int depth, bool inItem);

/// Skips a sequence (or encapsulated pixel data) of undefined length up to its delimiter.
void skipUndefinedSequence(Walker& walker, bool explicitVr, int depth) {
  if (depth > kMaxDepth) throw Malformed("sequences nested deeper than 16 levels");
  while (true) {
    const Header item = readHeader(walker, false);
    if (item.group == 0xfffe && item.element == 0xe0dd) return;
    if (item.group != 0xfffe || item.element != 0xe000)
      throw Malformed("a sequence holds " + tagText(item.group, item.element) + ", not an item");
    if (item.length == kUndefined) {
      skipElements(walker, explicitVr, walker.size(), depth + 1, true);
    } else {
      walker.seek(walker.position() + item.length);
    }
  }
}

void skipValue(Walker& walker, const Header& header, bool explicitVr, int depth) {
  if (header.length != kUndefined) {
    walker.seek(walker.position() + header.length);
    return;
  }
  if (explicitVr && header.vr != "SQ" && header.vr != "UN" && header.vr != "OB")
    throw Malformed("element " + tagText(header.group, header.element) +
                    " has an undefined length");
  skipUndefinedSequence(walker, explicitVr, depth + 1);
}

/// Skips elements until `end`, or (in an item of undefined length) its delimiter.
void skipElements(Walker& walker, bool explicitVr, std::uint64_t end, int depth, bool inItem) {
  if (depth > kMaxDepth) throw Malformed("sequences nested deeper than 16 levels");
  while (walker.position() < end) {
    const Header header = readHeader(walker, explicitVr);
    if (inItem && header.group == 0xfffe && header.element == 0xe00d) return;
    if (header.group == 0xfffe)
      throw Malformed("a stray item or delimiter " + tagText(header.group, header.element));
    skipValue(walker, header, explicitVr, depth);
  }
  if (inItem) throw Malformed("truncated: an item has no end");
}

std::string readMetaHeader(Walker& walker) {
  std::string syntax;
  while (walker.position() + 4 <= walker.size()) {
    const std::uint64_t start = walker.position();
    if (walker.u16() != 0x0002) {
      walker.seek(start);
      break;
    }
    walker.seek(start);
    const Header header = readHeader(walker, true);
    if (header.length == kUndefined) throw Malformed("meta header element has no length");
    if (header.element == 0x0010) {
      syntax = walker.text(header.length);
    } else {
      walker.seek(walker.position() + header.length);
    }
  }
  if (syntax.empty()) throw Malformed("meta header names no transfer syntax");
  return syntax;
}

void walkDataSet(Walker& walker, DicomFileCheck& check) {
  const bool explicitVr = check.transferSyntax != "1.2.840.10008.1.2";
  while (walker.position() < walker.size()) {
    const Header header = readHeader(walker, explicitVr);
    if (header.group == 0xfffe)
      throw Malformed("a stray item or delimiter " + tagText(header.group, header.element));
    if (header.group == 0x7fe0 && header.element == 0x0010) {
      check.hasPixelData = true;
      if (header.length != kUndefined) {
        if (walker.position() + header.length > walker.size())
          throw Malformed("truncated: PixelData runs past the end of the file");
        check.nativePixelBytes = header.length;
      } else {
        skipUndefinedSequence(walker, explicitVr, 1);
      }
      return;
    }
    skipValue(walker, header, explicitVr, 0);
  }
}

}  // namespace

DicomFileCheck checkDicomFile(const std::string& path) {
  DicomFileCheck check;
  std::error_code error;
  const std::uint64_t size = std::filesystem::file_size(path, error);
  if (error || size < 132 + 12) {
    check.problem = "too short to be a DICOM file";
    return check;
  }
  Walker walker(path, size);
  try {
    walker.seek(128);
    if (walker.text(4) != "DICM") throw Malformed("not a DICOM file (no DICM preamble)");
    check.transferSyntax = readMetaHeader(walker);
    const bool walkable = check.transferSyntax != "1.2.840.10008.1.2.2" &&
                          check.transferSyntax != "1.2.840.10008.1.2.1.99";
    if (walkable) walkDataSet(walker, check);
    check.hasPixelData = check.hasPixelData || !walkable;
    check.wellFormed = true;
  } catch (const Malformed& problem) {
    check.problem = problem.what();
  }
  return check;
}

bool hasDicomPreamble(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  char preamble[132] = {};
  stream.read(preamble, sizeof(preamble));
  return stream.gcount() == sizeof(preamble) && std::string(preamble + 128, 4) == "DICM";
}

bool folderHoldsDicom(const std::string& folder) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error))
    if (entry.is_regular_file() && hasDicomPreamble(entry.path().string())) return true;
  return false;
}

}  // namespace voxsiam::image
