#include "tests/storage/StorageFixtures.h"

#include <random>

#include "storage/repository/CaseRepository.h"
#include "storage/repository/VolumeRepository.h"

namespace voxsiam::test {

image::ImageGeometry testGrid(std::array<std::size_t, 3> size) {
  image::ImageGeometry geometry;
  geometry.size = size;
  geometry.spacing = {0.8, 0.8, 2.5};
  geometry.origin = {-120.5, -98.25, 40};
  return geometry;
}

image::LabelMap generatedLabels(const image::ImageGeometry& geometry, std::uint64_t seed) {
  image::LabelMap labels(geometry);
  std::mt19937_64 random(seed);
  const auto& size = geometry.size;
  for (std::uint16_t organ = 1; organ <= 8; ++organ) {
    std::uniform_int_distribution<std::size_t> x(0, size[0] - 1), y(0, size[1] - 1),
        z(0, size[2] - 1);
    const std::size_t ci = x(random), cj = y(random), ck = z(random);
    const double radius = 3.0 + static_cast<double>(random() % 12);
    for (std::size_t k = 0; k < size[2]; ++k)
      for (std::size_t j = 0; j < size[1]; ++j)
        for (std::size_t i = 0; i < size[0]; ++i) {
          const double di = double(i) - double(ci), dj = double(j) - double(cj),
                       dk = (double(k) - double(ck)) * 3;
          if (di * di + dj * dj + dk * dk < radius * radius) labels.at(i, j, k) = organ;
        }
  }
  std::uniform_int_distribution<std::size_t> voxel(0, labels.voxelCount() - 1);
  for (int speck = 0; speck < 2000; ++speck) labels[voxel(random)] = 1 + random() % 8;
  return labels;
}

image::Volume generatedVolume(const image::ImageGeometry& geometry, std::uint64_t seed) {
  image::Volume volume(geometry, -1000.0f);
  std::mt19937_64 random(seed);
  std::normal_distribution<float> noise(40.0f, 25.0f);
  for (float& value : volume.voxels()) value = std::round(noise(random));
  return volume;
}

long long addGeneratedCase(storage::Project& project, const std::string& name,
                           const image::ImageGeometry& geometry, std::uint64_t seed) {
  const image::Volume volume = generatedVolume(geometry, seed);
  const storage::StoredVolume stored = project.volumes().add(volume);
  storage::repository::VolumeRepository(project.connection()).put(stored, geometry);
  return storage::repository::CaseRepository(project.connection()).add(name, stored.hash, "test");
}

storage::repository::NewLabelVersion manualVersion(long long caseId, long long schemeId,
                                                   const std::string& note) {
  storage::repository::NewLabelVersion version;
  version.caseId = caseId;
  version.schemeId = schemeId;
  version.author = "tester";
  version.note = note;
  return version;
}

}  // namespace voxsiam::test
