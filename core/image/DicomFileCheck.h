#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace voxsiam::image {

/// What a structural walk of a DICOM Part 10 file found, before any DICOM library reads it (the
/// system's GDCM aborts on some truncated or malformed files instead of reporting an error).
struct DicomFileCheck {
  bool wellFormed = false;
  std::string problem;  ///< why not, e.g. "truncated: element (0010,0020) runs past the end"
  std::string transferSyntax;
  /// Length of a native (not encapsulated) PixelData element, when the file has one.
  std::optional<std::uint64_t> nativePixelBytes;
  bool hasPixelData = false;  ///< a PixelData element (native or encapsulated) was found
};

/// Walks the file's meta header and data set element by element (explicit or implicit VR little
/// endian; sequences of defined or undefined length, nested at most 16 deep) up to the pixel data,
/// checking that every length stays inside the file. A file without the "DICM" preamble is not
/// well formed; big-endian and deflated data sets are checked up to the meta header only.
DicomFileCheck checkDicomFile(const std::string& path);

/// True when `path` is a file that starts with the DICOM Part 10 preamble ("DICM" at byte 128).
bool hasDicomPreamble(const std::string& path);

/// True when the folder `folder` directly holds a file with the DICOM preamble.
bool folderHoldsDicom(const std::string& folder);

}  // namespace voxsiam::image
