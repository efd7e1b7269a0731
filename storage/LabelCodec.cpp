#include "storage/LabelCodec.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "core/image/GeometryCheck.h"
#include "core/image/ImageReader.h"
#include "storage/StorageError.h"

namespace voxsiam::storage {
namespace {

constexpr char kMagic[4] = {'V', 'X', 'L', '1'};

/// Fixed-size header that precedes the compressed runs.
struct Header {
  char magic[4];
  std::uint32_t size[3];
  double spacing[3];
  double origin[3];
  double direction[9];
  std::uint64_t runBytes;
};

void appendRun(std::vector<std::uint8_t>& runs, std::uint16_t value, std::uint64_t length) {
  runs.push_back(static_cast<std::uint8_t>(value & 0xff));
  runs.push_back(static_cast<std::uint8_t>(value >> 8));
  while (length >= 0x80) {
    runs.push_back(static_cast<std::uint8_t>((length & 0x7f) | 0x80));
    length >>= 7;
  }
  runs.push_back(static_cast<std::uint8_t>(length));
}

std::vector<std::uint8_t> runLengths(const std::vector<std::uint16_t>& voxels) {
  std::vector<std::uint8_t> runs;
  runs.reserve(1 << 16);
  const std::uint16_t* cursor = voxels.data();
  const std::uint16_t* end = cursor + voxels.size();
  while (cursor < end) {
    const std::uint16_t value = *cursor;
    const std::uint16_t* runEnd = cursor + 1;
    while (runEnd < end && *runEnd == value) ++runEnd;
    appendRun(runs, value, static_cast<std::uint64_t>(runEnd - cursor));
    cursor = runEnd;
  }
  return runs;
}

Header makeHeader(const image::ImageGeometry& geometry, std::uint64_t runBytes) {
  Header header{};
  std::memcpy(header.magic, kMagic, sizeof(kMagic));
  for (int axis = 0; axis < 3; ++axis) {
    header.size[axis] = static_cast<std::uint32_t>(geometry.size[axis]);
    header.spacing[axis] = geometry.spacing[axis];
    header.origin[axis] = geometry.origin[axis];
  }
  std::copy(geometry.direction.begin(), geometry.direction.end(), header.direction);
  header.runBytes = runBytes;
  return header;
}

image::ImageGeometry geometryOf(const Header& header, const std::string& origin) {
  image::ImageGeometry geometry;
  for (int axis = 0; axis < 3; ++axis) {
    geometry.size[axis] = header.size[axis];
    geometry.spacing[axis] = header.spacing[axis];
    geometry.origin[axis] = header.origin[axis];
  }
  std::copy(header.direction, header.direction + 9, geometry.direction.begin());
  const std::string problem = image::geometryProblem(geometry);
  if (!problem.empty()) throw StorageError(origin, "stored label map has " + problem);
  return geometry;
}

/// zlib's largest expansion is about 1032 : 1, and a run takes at most 12 bytes (a 2-byte value
/// and a 10-byte length), so neither a small blob nor a small grid can claim gigabytes of runs.
std::vector<std::uint8_t> inflateRuns(const std::uint8_t* data, std::size_t size,
                                      std::uint64_t runBytes, std::uint64_t voxels,
                                      const std::string& origin) {
  if (runBytes > std::min<std::uint64_t>(12 * voxels, 1032 * std::uint64_t(size) + 64))
    throw StorageError(origin, "stored label map is corrupt (claims more runs than it can hold)");
  std::vector<std::uint8_t> runs(runBytes);
  uLongf produced = static_cast<uLongf>(runBytes);
  const int code = uncompress(runs.data(), &produced, data, static_cast<uLong>(size));
  if (code != Z_OK || produced != runBytes) {
    throw StorageError(origin, "stored label map is corrupt (compressed data does not unpack)");
  }
  return runs;
}

/// Decodes the value and length of the run at `position` and moves past it; false when fewer
/// bytes than a run remain.
bool nextRun(const std::vector<std::uint8_t>& runs, std::size_t& position, std::uint16_t& value,
             std::uint64_t& length) {
  if (position + 3 > runs.size()) return false;
  value = static_cast<std::uint16_t>(runs[position] | (runs[position + 1] << 8));
  position += 2;
  length = 0;
  for (int shift = 0; position < runs.size() && shift < 64; shift += 7) {
    const std::uint8_t byte = runs[position++];
    length |= std::uint64_t{byte & 0x7fu} << shift;
    if (!(byte & 0x80)) break;
  }
  return true;
}

/// True when the runs cover exactly `voxels` voxels (checked before the voxels are allocated).
bool runsCover(const std::vector<std::uint8_t>& runs, std::uint64_t voxels) {
  std::size_t position = 0;
  std::uint64_t covered = 0, length = 0;
  std::uint16_t value = 0;
  while (nextRun(runs, position, value, length)) {
    if (length == 0 || length > voxels - covered) return false;
    covered += length;
  }
  return covered == voxels && position == runs.size();
}

void expandRuns(const std::vector<std::uint8_t>& runs, std::vector<std::uint16_t>& voxels,
                const std::string& origin) {
  std::size_t position = 0, filled = 0;
  std::uint64_t length = 0;
  std::uint16_t value = 0;
  while (nextRun(runs, position, value, length)) {
    if (length == 0 || length > voxels.size() - filled) break;
    std::fill_n(voxels.begin() + static_cast<std::ptrdiff_t>(filled), length, value);
    filled += length;
  }
  if (filled != voxels.size() || position != runs.size()) {
    throw StorageError(origin, "stored label map is corrupt (runs do not cover the grid)");
  }
}

}  // namespace

std::vector<std::uint8_t> encodeLabelMap(const image::LabelMap& labels) {
  const std::vector<std::uint8_t> runs = runLengths(labels.voxels());
  const Header header = makeHeader(labels.geometry(), runs.size());
  uLongf packedSize = compressBound(static_cast<uLong>(runs.size()));
  std::vector<std::uint8_t> bytes(sizeof(Header) + packedSize);
  std::memcpy(bytes.data(), &header, sizeof(Header));
  compress2(bytes.data() + sizeof(Header), &packedSize, runs.data(),
            static_cast<uLong>(runs.size()), 6);
  bytes.resize(sizeof(Header) + packedSize);
  return bytes;
}

image::LabelMap decodeLabelMap(const std::vector<std::uint8_t>& bytes, const std::string& origin) {
  Header header{};
  if (bytes.size() < sizeof(Header)) throw StorageError(origin, "stored label map is truncated");
  std::memcpy(&header, bytes.data(), sizeof(Header));
  if (std::memcmp(header.magic, kMagic, sizeof(kMagic)) != 0) {
    throw StorageError(origin, "stored label map has an unknown format");
  }
  const image::ImageGeometry geometry = geometryOf(header, origin);
  const auto runs = inflateRuns(bytes.data() + sizeof(Header), bytes.size() - sizeof(Header),
                                header.runBytes, geometry.voxelCount(), origin);
  if (!runsCover(runs, geometry.voxelCount()))
    throw StorageError(origin, "stored label map is corrupt (runs do not cover the grid)");
  image::LabelMap labels(geometry);
  expandRuns(runs, labels.voxels(), origin);
  return labels;
}

}  // namespace voxsiam::storage
