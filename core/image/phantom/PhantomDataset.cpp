#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/image/ImageWriter.h"
#include "core/image/InputError.h"
#include "core/image/LabelScheme.h"
#include "core/image/phantom/PhantomGenerator.h"

namespace voxsiam::image::phantom {
namespace {

namespace fs = std::filesystem;

std::string caseName(std::size_t index) {
  char name[32];
  std::snprintf(name, sizeof name, "phantom_%03zu", index);
  return name;
}

void createFolder(const fs::path& folder) {
  std::error_code error;
  fs::create_directories(folder, error);
  if (error || !fs::is_directory(folder))
    throw InputError(folder.string(), "cannot create folder: " + error.message());
}

void writeDatasetJson(const fs::path& folder, std::size_t count, std::uint64_t seed) {
  nlohmann::json labels = {{"background", 0}};
  const LabelScheme scheme = LabelScheme::builtin("gibson8");
  for (const auto& entry : scheme.entries()) labels[entry.name] = entry.id;
  const nlohmann::json dataset = {{"name", "VoxSiam phantoms"},
                                  {"description", "synthetic abdominal CT, Gibson-8 labels"},
                                  {"seed", seed},
                                  {"channel_names", {{"0", "CT"}}},
                                  {"labels", labels},
                                  {"numTraining", count},
                                  {"file_ending", ".nii.gz"}};
  const fs::path path = folder / "dataset.json";
  const fs::path temp = folder / ".dataset.json.partial";
  std::ofstream(temp) << dataset.dump(2) << "\n";
  std::error_code error;
  fs::rename(temp, path, error);
  if (error) throw InputError(path.string(), "cannot write: " + error.message());
}

}  // namespace

std::uint64_t phantomCaseSeed(std::uint64_t seed, std::size_t index) {
  return seed * 100003 + index;
}

void writePhantomDataset(const std::string& folder, std::size_t count, std::uint64_t seed,
                         const std::function<void(const std::string&)>& progress) {
  const fs::path root(folder);
  createFolder(root / "imagesTr");
  createFolder(root / "labelsTr");
  const PhantomGenerator generator;
  for (std::size_t index = 0; index < count; ++index) {
    const std::string name = caseName(index);
    const PhantomCase phantom = generator.generate(phantomCaseSeed(seed, index));
    writeVolume(phantom.image, (root / "imagesTr" / (name + "_0000.nii.gz")).string(),
                StoredType::Int16);
    writeLabelMap(phantom.labels, (root / "labelsTr" / (name + ".nii.gz")).string());
    if (progress) progress(name);
  }
  writeDatasetJson(root, count, seed);
}

}  // namespace voxsiam::image::phantom
