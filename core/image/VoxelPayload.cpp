#include "core/image/VoxelPayload.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "core/image/InputError.h"

namespace voxsiam::image {
namespace {

/// The header fields the scan needs.
struct PayloadLayout {
  std::size_t voxelOffset = 0;
  std::size_t expectedBytes = 0;
  int floatBytes = 0;  ///< 4 or 8 for float32/float64 data, else 0
  bool swapped = false;
};

template <typename T>
T field(const unsigned char* header, std::size_t offset, bool swapped) {
  unsigned char bytes[sizeof(T)];
  std::memcpy(bytes, header + offset, sizeof(T));
  if (swapped) std::reverse(bytes, bytes + sizeof(T));
  T value;
  std::memcpy(&value, bytes, sizeof(T));
  return value;
}

/// Bits per voxel of a NIfTI datatype code, 0 for codes the check does not know.
int bitsOfDatatype(int datatype) {
  switch (datatype) {
    case 2:
    case 256:
      return 8;
    case 4:
    case 512:
      return 16;
    case 8:
    case 16:
    case 768:
      return 32;
    case 64:
    case 1024:
    case 1280:
      return 64;
    default:
      return 0;
  }
}

int floatBytesOf(int datatype) {
  return datatype == 16 ? 4 : datatype == 64 ? 8 : 0;
}

/// Byte offsets of the geometry fields in a NIfTI-1 (float) or NIfTI-2 (double) header.
struct GeometryFields {
  std::size_t pixdim, qformCode, sformCode, quatern, srow;
};

constexpr GeometryFields kNifti1Geometry{76, 252, 254, 256, 280};
constexpr GeometryFields kNifti2Geometry{104, 344, 348, 352, 400};

double realField(const unsigned char* header, std::size_t offset, bool nifti2, bool swapped) {
  return nifti2 ? field<double>(header, offset, swapped) : field<float>(header, offset, swapped);
}

bool allFinite(const unsigned char* header, std::size_t offset, int count, bool nifti2,
               bool swapped) {
  const std::size_t step = nifti2 ? 8 : 4;
  for (int i = 0; i < count; ++i)
    if (!std::isfinite(realField(header, offset + i * step, nifti2, swapped))) return false;
  return true;
}

/// ITK silently replaces a NaN or infinite spacing, quaternion or sform by a default
/// (identity) geometry; refuses such headers instead, naming the field.
void checkGeometryFields(const unsigned char* header, int dimensions, bool nifti2, bool swapped,
                         const std::string& path) {
  const GeometryFields& at = nifti2 ? kNifti2Geometry : kNifti1Geometry;
  const std::size_t step = nifti2 ? 8 : 4;
  for (int axis = 1; axis <= std::min(dimensions, 3); ++axis) {
    const double spacing = realField(header, at.pixdim + axis * step, nifti2, swapped);
    if (!std::isfinite(spacing) || spacing == 0)
      throw InputError(path, "header gives an invalid voxel spacing (pixdim[" +
                                 std::to_string(axis) + "] " + std::to_string(spacing) + ")");
  }
  const int qformCode = nifti2 ? field<std::int32_t>(header, at.qformCode, swapped)
                               : field<std::int16_t>(header, at.qformCode, swapped);
  const int sformCode = nifti2 ? field<std::int32_t>(header, at.sformCode, swapped)
                               : field<std::int16_t>(header, at.sformCode, swapped);
  if (qformCode > 0 && !allFinite(header, at.quatern, 6, nifti2, swapped))
    throw InputError(path, "header's qform (quaternion or offset) holds NaN or infinity");
  if (sformCode > 0 && !allFinite(header, at.srow, 12, nifti2, swapped))
    throw InputError(path, "header's sform (srow_x/y/z) holds NaN or infinity");
}

PayloadLayout layoutOf(const unsigned char* header, const std::string& path) {
  PayloadLayout layout;
  const auto size = field<std::int32_t>(header, 0, false);
  layout.swapped = size != 348 && size != 540;
  const auto declared = field<std::int32_t>(header, 0, layout.swapped);
  if (declared != 348 && declared != 540) throw InputError(path, "not a NIfTI header");
  const bool nifti2 = declared == 540;
  const int dimensions = nifti2 ? int(field<std::int64_t>(header, 16, layout.swapped))
                                : field<std::int16_t>(header, 40, layout.swapped);
  if (dimensions < 1 || dimensions > 7)
    throw InputError(path, "header gives an invalid dimension count");
  long double voxels = 1;
  for (int axis = 1; axis <= dimensions; ++axis)
    voxels *= nifti2 ? field<std::int64_t>(header, 16 + 8 * axis, layout.swapped)
                     : field<std::int16_t>(header, 40 + 2 * axis, layout.swapped);
  const int bitpix = field<std::int16_t>(header, nifti2 ? 14 : 72, layout.swapped);
  const int datatype = field<std::int16_t>(header, nifti2 ? 12 : 70, layout.swapped);
  const double offset = nifti2 ? double(field<std::int64_t>(header, 168, layout.swapped))
                               : double(field<float>(header, 108, layout.swapped));
  const int typeBits = bitsOfDatatype(datatype);
  if (typeBits > 0 && bitpix != typeBits)
    throw InputError(path, "header's bitpix " + std::to_string(bitpix) + " disagrees with its " +
                               "datatype " + std::to_string(datatype) + " (" +
                               std::to_string(typeBits) + " bits)");
  if (!std::isfinite(offset) || offset < double(declared) || offset != std::floor(offset))
    throw InputError(path, "header gives an invalid voxel data offset (vox_offset " +
                               std::to_string(offset) + ")");
  layout.voxelOffset = static_cast<std::size_t>(std::max(offset, double(declared)));
  layout.expectedBytes = static_cast<std::size_t>(voxels * (bitpix / 8));
  layout.floatBytes = floatBytesOf(datatype);
  return layout;
}

std::size_t countNonFinite(std::vector<unsigned char>& chunk, std::size_t bytes,
                           const PayloadLayout& layout) {
  std::size_t bad = 0;
  for (std::size_t at = 0; at + layout.floatBytes <= bytes; at += layout.floatBytes) {
    const bool finite = layout.floatBytes == 4
                            ? std::isfinite(field<float>(chunk.data(), at, layout.swapped))
                            : std::isfinite(field<double>(chunk.data(), at, layout.swapped));
    bad += !finite;
  }
  return bad;
}

struct GzCloser {
  void operator()(gzFile_s* file) const { gzclose(file); }
};

/// Reads up to `wanted` bytes; throws when the compressed stream is corrupt.
std::size_t readSome(gzFile file, unsigned char* into, std::size_t wanted,
                     const std::string& path) {
  const int got = gzread(file, into, static_cast<unsigned>(wanted));
  int code = Z_OK;
  const char* message = gzerror(file, &code);
  if (got < 0 || (code != Z_OK && code != Z_BUF_ERROR))
    throw InputError(path, std::string("corrupt compressed data (") + message + ")");
  return static_cast<std::size_t>(std::max(got, 0));
}

}  // namespace

bool hasSuffix(const std::string& path, const std::string& suffix) {
  return path.size() >= suffix.size() &&
         std::equal(suffix.rbegin(), suffix.rend(), path.rbegin(), [](char a, char b) {
           return a == std::tolower(static_cast<unsigned char>(b));
         });
}

void checkNiftiGeometry(const std::string& path) {
  std::unique_ptr<gzFile_s, GzCloser> file(gzopen(path.c_str(), "rb"));
  if (!file) throw InputError(path, "cannot open the file");
  unsigned char header[540] = {};
  if (readSome(file.get(), header, sizeof header, path) < 348) return;
  const auto size = field<std::int32_t>(header, 0, false);
  const bool swapped = size != 348 && size != 540;
  const auto declared = field<std::int32_t>(header, 0, swapped);
  if (declared != 348 && declared != 540) return;
  const bool nifti2 = declared == 540;
  const int dimensions = nifti2 ? int(field<std::int64_t>(header, 16, swapped))
                                : field<std::int16_t>(header, 40, swapped);
  checkGeometryFields(header, dimensions, nifti2, swapped, path);
}

VoxelPayload scanNiftiPayload(const std::string& path) {
  std::unique_ptr<gzFile_s, GzCloser> file(gzopen(path.c_str(), "rb"));
  if (!file) throw InputError(path, "cannot open the file");
  std::vector<unsigned char> chunk(1 << 20);
  const std::size_t headerBytes = readSome(file.get(), chunk.data(), 540, path);
  if (headerBytes < 348) throw InputError(path, "truncated: the NIfTI header is incomplete");
  const PayloadLayout layout = layoutOf(chunk.data(), path);
  VoxelPayload payload;
  payload.expectedBytes = layout.expectedBytes;
  if (gzseek(file.get(), static_cast<z_off_t>(layout.voxelOffset), SEEK_SET) < 0) return payload;
  std::size_t carried = 0;  // bytes of an incomplete float value kept for the next chunk
  while (payload.presentBytes + carried < layout.expectedBytes) {
    const std::size_t room =
        std::min(chunk.size() - carried, layout.expectedBytes - payload.presentBytes - carried);
    const std::size_t got = readSome(file.get(), chunk.data() + carried, room, path);
    if (got == 0) break;
    const std::size_t have = carried + got;
    const std::size_t whole = layout.floatBytes ? have - have % layout.floatBytes : have;
    if (layout.floatBytes) payload.nonFinite += countNonFinite(chunk, whole, layout);
    payload.presentBytes += whole;
    carried = have - whole;
    std::memmove(chunk.data(), chunk.data() + whole, carried);
  }
  payload.presentBytes += carried;
  return payload;
}

}  // namespace voxsiam::image
