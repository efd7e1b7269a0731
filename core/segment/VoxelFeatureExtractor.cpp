#include "core/segment/VoxelFeatureExtractor.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <stdexcept>

#include "core/image/InputError.h"
#include "core/image/preprocess/Preprocessor.h"
#include "core/learn/GridTensor.h"
#include "core/learn/Inference.h"
#include "core/learn/ModelArchive.h"
#include "core/learn/Trainer.h"
#include "core/segment/ModelSettings.h"
#include "core/segment/VolumeTensor.h"

namespace voxsiam::segment {
namespace {

/// Working-grid voxels chosen per organ, at most `perClass` each, reproducibly.
std::vector<std::size_t> sampleVoxels(const image::LabelMap& labels, const torch::Tensor& predicted,
                                      const EmbedRequest& request) {
  const auto& size = labels.size();
  const auto* guess = predicted.data_ptr<int64_t>();
  const int64_t sizeY = predicted.size(2), sizeX = predicted.size(3);
  std::map<int, std::vector<std::size_t>> byOrgan;
  for (std::size_t k = 0; k < size[2]; ++k)
    for (std::size_t j = 0; j < size[1]; ++j)
      for (std::size_t i = 0; i < size[0]; ++i) {
        const int organ = labels.at(i, j, k);
        if (organ == 0) continue;
        const int64_t model = guess[(int64_t(k) * sizeY + int64_t(j)) * sizeX + int64_t(i)];
        if (request.wrongOnly && model == organ) continue;
        byOrgan[organ].push_back(labels.geometry().linearIndex(i, j, k));
      }
  std::mt19937_64 random(request.seed);
  std::vector<std::size_t> chosen;
  for (auto& [organ, voxels] : byOrgan) {
    std::shuffle(voxels.begin(), voxels.end(), random);
    voxels.resize(std::min(voxels.size(), request.perClass));
    chosen.insert(chosen.end(), voxels.begin(), voxels.end());
  }
  return chosen;
}

/// Replaces the features of `result` by their projections z = g(f).
void projectFeatures(const learn::Projector& projector, const torch::Device& device,
                     VoxelFeatures& result) {
  torch::NoGradGuard noGrad;
  const auto rows = int64_t(result.organ.size());
  const auto input =
      torch::tensor(result.features).view({rows, int64_t(result.channels)}).to(device);
  learn::FeatureHead head = projector.head;
  const auto projected = head->project(input);
  result.channels = std::size_t(projected.size(1));
  result.features = learn::floatVoxels(projected);
}

}  // namespace

struct VoxelFeatureExtractor::Impl {
  learn::UNet3D model{nullptr};
  std::vector<learn::Projector> projectors;
  learn::ModelInfo info;
  image::PreprocessOptions preprocess;
  torch::Device device{torch::kCPU};
};

VoxelFeatureExtractor::VoxelFeatureExtractor(const std::string& modelPath,
                                             const std::string& device)
    : impl_(std::make_unique<Impl>()) {
  try {
    impl_->device = torch::Device(learn::chooseDevice(device));
    learn::useCpuThreads(0);
    auto [model, info] = learn::loadModel(modelPath, impl_->device);
    impl_->model = model;
    impl_->info = info;
    impl_->projectors = learn::loadProjectors(modelPath, impl_->device);
  } catch (const std::exception& error) {
    throw image::InputError(modelPath, error.what());
  }
  impl_->preprocess = modelSettingsFromConfig(impl_->info.configJson, modelPath).preprocess;
}

VoxelFeatureExtractor::~VoxelFeatureExtractor() = default;

int VoxelFeatureExtractor::levels() const {
  return int(impl_->info.network.levels);
}

std::vector<int> VoxelFeatureExtractor::projectorLevels() const {
  std::vector<int> levels;
  for (const auto& projector : impl_->projectors) levels.push_back(int(projector.level));
  return levels;
}

VoxelFeatures VoxelFeatureExtractor::extract(const image::Volume& image,
                                             const image::LabelMap& labels,
                                             const EmbedRequest& request) const {
  if (request.level < 0 || request.level >= levels())
    throw std::invalid_argument("the model has encoder levels 0.." + std::to_string(levels() - 1));
  if (!labels.geometry().sameGrid(image.geometry()))
    throw std::invalid_argument("label map and image are on different grids");
  const learn::Projector* projector = nullptr;
  for (const auto& candidate : impl_->projectors)
    if (candidate.level == request.level) projector = &candidate;
  if (request.projector && !projector)
    throw std::invalid_argument("the model has no projector at level " +
                                std::to_string(request.level));
  const auto prepared = image::Preprocessor(impl_->preprocess).prepare(image, &labels);
  const auto [encoder, predicted] =
      learn::encodeVolume(impl_->model, volumeView(prepared.image), impl_->info.inference,
                          request.level, impl_->device);
  const auto& working = *prepared.labels;
  VoxelFeatures result;
  result.channels = std::size_t(encoder.size(1));
  const int64_t depth = encoder.size(2), height = encoder.size(3), width = encoder.size(4);
  const auto* data = encoder.data_ptr<float>();
  const auto* guess = predicted.data_ptr<int64_t>();
  const int64_t sizeY = predicted.size(2), sizeX = predicted.size(3);
  const auto& grid = working.geometry();
  for (const std::size_t index : sampleVoxels(working, predicted, request)) {
    const auto [i, j, k] = grid.voxelOf(index);
    const int64_t z = std::min<int64_t>(int64_t(k) >> request.level, depth - 1);
    const int64_t y = std::min<int64_t>(int64_t(j) >> request.level, height - 1);
    const int64_t x = std::min<int64_t>(int64_t(i) >> request.level, width - 1);
    for (std::size_t c = 0; c < result.channels; ++c)
      result.features.push_back(data[((int64_t(c) * depth + z) * height + y) * width + x]);
    const auto native =
        image.geometry().physicalToIndex(grid.indexToPhysical({double(i), double(j), double(k)}));
    std::array<std::size_t, 3> voxel{};
    for (int axis = 0; axis < 3; ++axis)
      voxel[axis] =
          std::size_t(std::clamp(std::lround(native[axis]), 0L, long(image.size()[axis]) - 1));
    result.voxel.push_back(voxel);
    result.voxelIndex.push_back(
        static_cast<long long>(image.geometry().linearIndex(voxel[0], voxel[1], voxel[2])));
    result.organ.push_back(working[index]);
    result.predicted.push_back(int(guess[(int64_t(k) * sizeY + int64_t(j)) * sizeX + int64_t(i)]));
  }
  if (request.projector && !result.organ.empty())
    projectFeatures(*projector, impl_->device, result);
  return result;
}

}  // namespace voxsiam::segment
