#include "storage/VolumeStore.h"

#include <cmath>
#include <limits>
#include <vector>

#include "core/image/ImageReader.h"
#include "core/image/ImageWriter.h"
#include "storage/ContentHash.h"

namespace voxsiam::storage {
namespace {

bool fitsInt16(const image::Volume& volume) {
  for (const float value : volume.voxels()) {
    if (value != std::nearbyint(value) || value < std::numeric_limits<std::int16_t>::min() ||
        value > std::numeric_limits<std::int16_t>::max()) {
      return false;
    }
  }
  return true;
}

void hashGeometry(ContentHash& hash, const image::ImageGeometry& geometry) {
  for (const std::size_t extent : geometry.size) {
    const auto value = static_cast<std::uint64_t>(extent);
    hash.add(&value, sizeof(value));
  }
  hash.add(geometry.spacing.data(), sizeof(geometry.spacing));
  hash.add(geometry.origin.data(), sizeof(geometry.origin));
  hash.add(geometry.direction.data(), sizeof(geometry.direction));
}

std::string hashVoxels(const image::Volume& volume, bool asInt16) {
  ContentHash hash;
  hashGeometry(hash, volume.geometry());
  if (!asInt16) {
    hash.add(volume.voxels().data(), volume.voxels().size() * sizeof(float));
    return hash.hex();
  }
  std::vector<std::int16_t> chunk;
  constexpr std::size_t kChunk = 1 << 16;
  for (std::size_t start = 0; start < volume.voxelCount(); start += kChunk) {
    const std::size_t end = std::min(volume.voxelCount(), start + kChunk);
    chunk.assign(volume.voxels().begin() + static_cast<std::ptrdiff_t>(start),
                 volume.voxels().begin() + static_cast<std::ptrdiff_t>(end));
    hash.add(chunk.data(), chunk.size() * sizeof(std::int16_t));
  }
  return hash.hex();
}

}  // namespace

VolumeStore::VolumeStore(std::filesystem::path folder) : folder_(std::move(folder)) {}

StoredVolume VolumeStore::describe(const image::Volume& volume) {
  const bool asInt16 = fitsInt16(volume);
  StoredVolume stored;
  stored.hash = hashVoxels(volume, asInt16);
  stored.file = stored.hash + ".nii.gz";
  stored.storedType = asInt16 ? "int16" : "float32";
  return stored;
}

StoredVolume VolumeStore::add(const image::Volume& volume) const {
  const StoredVolume stored = describe(volume);
  add(volume, stored);
  return stored;
}

void VolumeStore::add(const image::Volume& volume, const StoredVolume& described) const {
  const auto path = folder_ / described.file;
  if (std::filesystem::exists(path)) return;
  image::writeVolume(
      volume, path.string(),
      described.storedType == "int16" ? image::StoredType::Int16 : image::StoredType::Float32);
}

image::Volume VolumeStore::load(const std::string& hash) const {
  return image::readVolume(pathOf(hash).string());
}

std::filesystem::path VolumeStore::pathOf(const std::string& hash) const {
  return folder_ / (hash + ".nii.gz");
}

}  // namespace voxsiam::storage
