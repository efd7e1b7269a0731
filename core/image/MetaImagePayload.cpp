#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "core/image/DataFileCheck.h"
#include "core/image/ImageGeometry.h"
#include "core/image/InputError.h"
#include "core/image/VoxelPayload.h"

namespace voxsiam::image {
namespace {

namespace fs = std::filesystem;

/// Header keys of a MetaImage file and the byte offset just after the header.
struct MetaHeader {
  std::map<std::string, std::string> keys;
  std::size_t dataOffset = 0;
};

MetaHeader readMetaHeader(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  MetaHeader header;
  std::string line;
  while (std::getline(file, line)) {
    header.dataOffset += line.size() + 1;
    const auto equals = line.find('=');
    if (equals == std::string::npos) continue;
    auto trim = [](std::string text) {
      const auto first = text.find_first_not_of(" \t\r");
      const auto last = text.find_last_not_of(" \t\r");
      return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
    };
    const std::string key = trim(line.substr(0, equals));
    header.keys[key] = trim(line.substr(equals + 1));
    if (key == "ElementDataFile") return header;
  }
  throw InputError(path, "MetaImage header has no ElementDataFile");
}

std::size_t elementBytes(const std::string& type, const std::string& path) {
  static const std::map<std::string, std::size_t> sizes = {
      {"MET_CHAR", 1},      {"MET_UCHAR", 1},      {"MET_SHORT", 2}, {"MET_USHORT", 2},
      {"MET_INT", 4},       {"MET_UINT", 4},       {"MET_LONG", 4},  {"MET_ULONG", 4},
      {"MET_LONG_LONG", 8}, {"MET_ULONG_LONG", 8}, {"MET_FLOAT", 4}, {"MET_DOUBLE", 8}};
  const auto found = sizes.find(type);
  if (found == sizes.end())
    throw InputError(path, "MetaImage element type " + type + " is not supported");
  return found->second;
}

/// `text` as a whole number in `minimum`..`maximum`, else InputError naming `key`.
long wholeNumber(const std::string& text, const std::string& key, long minimum, long maximum,
                 const std::string& path) {
  std::size_t used = 0;
  long value = 0;
  try {
    value = std::stol(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (text.empty() || used != text.size() || value < minimum || value > maximum)
    throw InputError(path, "MetaImage " + key + " must be a whole number in " +
                               std::to_string(minimum) + ".." + std::to_string(maximum) +
                               ", got '" + text + "'");
  return value;
}

std::size_t expectedBytes(const MetaHeader& header, const std::string& path) {
  auto value = [&](const std::string& key, const std::string& fallback) {
    const auto found = header.keys.find(key);
    return found == header.keys.end() ? fallback : found->second;
  };
  const long dimensions = wholeNumber(value("NDims", ""), "NDims", 1, 16, path);
  std::istringstream dims(value("DimSize", ""));
  long double total =
      static_cast<long double>(elementBytes(value("ElementType", ""), path)) *
      wholeNumber(value("ElementNumberOfChannels", "1"), "ElementNumberOfChannels", 1, 1024, path);
  std::string size;
  long count = 0;
  while (dims >> size) {
    total *= wholeNumber(size, "DimSize", 1, 1L << 31, path);
    ++count;
  }
  if (count != dimensions)
    throw InputError(path, "MetaImage DimSize has " + std::to_string(count) + " values for NDims " +
                               std::to_string(dimensions));
  if (total > static_cast<long double>(kMaxVoxels) * 8)
    throw InputError(path, "MetaImage header claims more voxel data than the limit of " +
                               std::to_string(kMaxVoxels) + " voxels");
  return static_cast<std::size_t>(total);
}

/// Bytes an inflated zlib stream yields, up to `limit`.
std::size_t inflatedBytes(std::ifstream& file, std::size_t limit, const std::string& path) {
  z_stream stream{};
  if (inflateInit(&stream) != Z_OK) throw InputError(path, "cannot start decompression");
  std::vector<unsigned char> in(1 << 16), out(1 << 20);
  std::size_t total = 0;
  int status = Z_OK;
  while (status != Z_STREAM_END && total < limit) {
    file.read(reinterpret_cast<char*>(in.data()), static_cast<std::streamsize>(in.size()));
    stream.avail_in = static_cast<uInt>(file.gcount());
    stream.next_in = in.data();
    if (stream.avail_in == 0) break;
    while (stream.avail_in > 0 && status != Z_STREAM_END) {
      stream.avail_out = static_cast<uInt>(out.size());
      stream.next_out = out.data();
      status = inflate(&stream, Z_NO_FLUSH);
      if (status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR) {
        inflateEnd(&stream);
        throw InputError(path, "corrupt compressed voxel data");
      }
      total += out.size() - stream.avail_out;
    }
  }
  inflateEnd(&stream);
  return total;
}

}  // namespace

VoxelPayload scanMetaImagePayload(const std::string& path) {
  const MetaHeader header = readMetaHeader(path);
  VoxelPayload payload;
  payload.expectedBytes = expectedBytes(header, path);
  const std::string dataFile = header.keys.at("ElementDataFile");
  const bool local = dataFile == "LOCAL";
  const std::string dataPath = local ? path : checkedDataFile(path, dataFile);
  const std::size_t offset = local ? header.dataOffset : 0;
  std::error_code error;
  const auto fileSize = fs::file_size(dataPath, error);
  if (error) throw InputError(path, "its data file " + dataPath + " cannot be read");
  const auto compressed = header.keys.find("CompressedData");
  if (compressed != header.keys.end() && compressed->second == "True") {
    std::ifstream file(dataPath, std::ios::binary);
    file.seekg(static_cast<std::streamoff>(offset));
    payload.presentBytes = inflatedBytes(file, payload.expectedBytes, path);
  } else {
    payload.presentBytes = fileSize > offset ? fileSize - offset : 0;
  }
  payload.presentBytes = std::min(payload.presentBytes, payload.expectedBytes);
  return payload;
}

}  // namespace voxsiam::image
