#include "app/workflow/Segmenter.h"

#include "app/workflow/RunConfig.h"
#include "core/image/InputError.h"
#include "core/image/LabelComponents.h"
#include "core/image/preprocess/Preprocessor.h"
#include "core/learn/ModelArchive.h"
#include "core/learn/Trainer.h"

namespace voxsiam::workflow {

struct Segmenter::Impl {
  learn::UNet3D model{nullptr};
  learn::ModelInfo info;
  image::PreprocessOptions preprocess;
  std::unique_ptr<image::LabelScheme> scheme;
  std::string device;
  bool largestComponentOnly = false;
};

Segmenter::Segmenter(const std::string& modelPath, const std::string& device)
    : impl_(std::make_unique<Impl>()) {
  try {
    impl_->device = learn::chooseDevice(device);
    learn::useCpuThreads(0);
    auto [model, info] = learn::loadModel(modelPath, torch::Device(impl_->device));
    impl_->model = model;
    impl_->info = info;
  } catch (const std::exception& error) {
    throw InputError(modelPath, error.what());
  }
  const auto config = RunConfig::fromJson(nlohmann::json::parse(impl_->info.configJson), modelPath);
  impl_->preprocess = config.preprocess;
  impl_->largestComponentOnly = config.largestComponentOnly;
  impl_->scheme = std::make_unique<image::LabelScheme>(
      image::LabelScheme::fromJson(impl_->info.schemeJson, modelPath));
}

Segmenter::~Segmenter() = default;

image::LabelMap Segmenter::segment(const image::Volume& ct) const {
  const auto prepared = image::Preprocessor(impl_->preprocess).prepare(ct);
  const auto& size = prepared.image.size();
  const auto grid =
      torch::from_blob(const_cast<float*>(prepared.image.voxels().data()),
                       {int64_t(size[2]), int64_t(size[1]), int64_t(size[0])}, torch::kFloat);
  const auto probabilities =
      learn::predictVolume(impl_->model, grid, impl_->info.inference, torch::Device(impl_->device))
          .contiguous();
  const std::vector<float> channels(probabilities.data_ptr<float>(),
                                    probabilities.data_ptr<float>() + probabilities.numel());
  const auto classes = std::size_t(probabilities.size(0));
  const auto native =
      image::Preprocessor::probabilitiesToNative(channels, classes, prepared.mapping);
  auto labels = image::Preprocessor::labelsFromProbabilities(native, classes, ct.geometry());
  if (impl_->largestComponentOnly) {
    std::vector<std::uint16_t> organs;
    for (std::size_t organ = 1; organ < classes; ++organ) organs.push_back(uint16_t(organ));
    image::keepLargestComponents(labels, organs);
  }
  return labels;
}

void Segmenter::keepLargestComponentOnly() {
  impl_->largestComponentOnly = true;
}

const image::LabelScheme& Segmenter::scheme() const {
  return *impl_->scheme;
}

const std::string& Segmenter::device() const {
  return impl_->device;
}

}  // namespace voxsiam::workflow
