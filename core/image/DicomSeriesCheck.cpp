#include "core/image/DicomSeriesCheck.h"

#include <gdcmScanner.h>

#include <cmath>
#include <filesystem>
#include <sstream>

#include "core/image/DicomFileCheck.h"
#include "core/image/ImageGeometry.h"
#include "core/image/InputError.h"
#include "core/image/StderrSilencer.h"

namespace voxsiam::image {
namespace {

const gdcm::Tag kRows(0x0028, 0x0010), kColumns(0x0028, 0x0011), kSamples(0x0028, 0x0002),
    kBits(0x0028, 0x0100), kSpacing(0x0028, 0x0030), kOrientation(0x0020, 0x0037),
    kPosition(0x0020, 0x0032);

std::vector<double> numbersOf(const gdcm::Scanner& scanner, const std::string& file,
                              const gdcm::Tag& tag) {
  const char* raw = scanner.GetValue(file.c_str(), tag);
  return dicomNumbers(raw ? raw : "");
}

std::string nameOf(const std::string& file) {
  return std::filesystem::path(file).filename().string();
}

/// One value of a single-number tag, or -1.
double single(const gdcm::Scanner& scanner, const std::string& file, const gdcm::Tag& tag) {
  const auto values = numbersOf(scanner, file, tag);
  return values.size() == 1 ? values[0] : -1;
}

void checkPixelFormat(const std::string& folder, const gdcm::Scanner& scanner,
                      const std::string& file) {
  const double samples = single(scanner, file, kSamples);
  if (samples > 1)
    throw InputError(folder, nameOf(file) + " is a colour image (" + std::to_string(int(samples)) +
                                 " samples per pixel); CT series are greyscale");
  const double bits = single(scanner, file, kBits);
  if (bits != 8 && bits != 16 && bits != 32)
    throw InputError(folder, nameOf(file) + " has BitsAllocated " + std::to_string(int(bits)) +
                                 "; 8, 16 or 32 are supported");
  const auto spacing = numbersOf(scanner, file, kSpacing);
  if (spacing.size() != 2 || !(spacing[0] > 0) || !(spacing[1] > 0) || !std::isfinite(spacing[0]) ||
      !std::isfinite(spacing[1]))
    throw InputError(folder, nameOf(file) + " has a missing or invalid PixelSpacing");
  const auto check = checkDicomFile(file);
  const double rows = single(scanner, file, kRows), columns = single(scanner, file, kColumns);
  if (check.nativePixelBytes && rows > 0 && columns > 0 &&
      double(*check.nativePixelBytes) < rows * columns * bits / 8)
    throw InputError(folder, nameOf(file) + " holds " + std::to_string(*check.nativePixelBytes) +
                                 " bytes of pixel data, fewer than its " +
                                 std::to_string(int(rows)) + " x " + std::to_string(int(columns)) +
                                 " pixels need");
}

/// The voxel-count and spacing limits the other readers apply, before any slice is decoded.
void checkGridSize(const std::string& folder, const gdcm::Scanner& scanner,
                   const std::vector<std::string>& files) {
  for (const auto& file : files) {
    const double rows = single(scanner, file, kRows), columns = single(scanner, file, kColumns);
    if (!(rows > 0) || !(columns > 0))
      throw InputError(folder, nameOf(file) + " has no Rows or Columns");
    const long double voxels = static_cast<long double>(rows) * columns * files.size();
    if (voxels > static_cast<long double>(kMaxVoxels))
      throw InputError(folder, nameOf(file) + " makes the series " + std::to_string(int(columns)) +
                                   " x " + std::to_string(int(rows)) + " x " +
                                   std::to_string(files.size()) +
                                   " voxels, more than the limit of " + std::to_string(kMaxVoxels));
    for (double spacing : numbersOf(scanner, file, kSpacing))
      if (spacing > kMaxSpacingMm)
        throw InputError(folder, nameOf(file) + " has a PixelSpacing of " +
                                     std::to_string(spacing) + " mm, more than " +
                                     std::to_string(int(kMaxSpacingMm)) + " mm");
  }
}

bool close(const std::vector<double>& a, const std::vector<double>& b, double tolerance) {
  if (a.size() != b.size()) return false;
  for (std::size_t index = 0; index < a.size(); ++index)
    if (!(std::fabs(a[index] - b[index]) <= tolerance)) return false;
  return true;
}

/// Position of every slice along the normal of the first slice's orientation.
std::vector<double> positionsAlongNormal(const std::string& folder, const gdcm::Scanner& scanner,
                                         const std::vector<std::string>& files) {
  const auto orientation = numbersOf(scanner, files.front(), kOrientation);
  if (orientation.size() != 6) return {};
  const double normal[3] = {orientation[1] * orientation[5] - orientation[2] * orientation[4],
                            orientation[2] * orientation[3] - orientation[0] * orientation[5],
                            orientation[0] * orientation[4] - orientation[1] * orientation[3]};
  std::vector<double> positions;
  for (const auto& file : files) {
    if (!close(numbersOf(scanner, file, kOrientation), orientation, 1e-4))
      throw InputError(folder, nameOf(file) + " is oriented differently from " +
                                   nameOf(files.front()) + "; one series must not turn");
    const auto position = numbersOf(scanner, file, kPosition);
    if (position.size() != 3) return {};
    positions.push_back(normal[0] * position[0] + normal[1] * position[1] +
                        normal[2] * position[2]);
  }
  return positions;
}

void checkSpacing(const std::string& folder, const std::vector<std::string>& files,
                  const std::vector<double>& positions) {
  if (positions.size() < 2) return;
  const double first = positions[1] - positions[0];
  for (std::size_t index = 1; index < positions.size(); ++index) {
    const double step = positions[index] - positions[index - 1];
    std::ostringstream where;
    where << nameOf(files[index - 1]) << " at " << positions[index - 1] << " mm and "
          << nameOf(files[index]) << " at " << positions[index] << " mm";
    if (std::fabs(step) < 1e-3)
      throw InputError(folder, "two slices share one position: " + where.str());
    if (std::fabs(step - first) > 0.01 * std::fabs(first) + 1e-3)
      throw InputError(folder, "uneven slice spacing (a gap or a missing slice) between " +
                                   where.str() + "; expected steps of " + std::to_string(first) +
                                   " mm");
  }
}

}  // namespace

std::vector<double> dicomNumbers(const std::string& text) {
  std::vector<double> values;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, '\\')) {
    try {
      values.push_back(std::stod(item));
    } catch (const std::exception&) {
      return {};
    }
  }
  return values;
}

void checkDicomSeries(const std::string& folder, const std::vector<std::string>& files) {
  if (files.empty()) return;
  detail::StderrSilencer quiet;
  gdcm::Scanner scanner;
  for (const auto& tag : {kRows, kColumns, kSamples, kBits, kSpacing, kOrientation, kPosition})
    scanner.AddTag(tag);
  if (!scanner.Scan(files)) throw InputError(folder, "cannot read the DICOM slices' headers");
  const auto spacing = numbersOf(scanner, files.front(), kSpacing);
  checkGridSize(folder, scanner, files);
  for (const auto& file : files) {
    checkPixelFormat(folder, scanner, file);
    if (single(scanner, file, kRows) != single(scanner, files.front(), kRows) ||
        single(scanner, file, kColumns) != single(scanner, files.front(), kColumns))
      throw InputError(folder, nameOf(file) + " has another size than " + nameOf(files.front()));
    if (!close(numbersOf(scanner, file, kSpacing), spacing, 1e-4 * spacing[0]))
      throw InputError(folder, nameOf(file) + " has another PixelSpacing than " +
                                   nameOf(files.front()) + "; one series must not mix them");
  }
  checkSpacing(folder, files, positionsAlongNormal(folder, scanner, files));
}

}  // namespace voxsiam::image
