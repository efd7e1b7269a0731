#include "core/segment/Segmenter.h"

#include "core/image/InputError.h"
#include "core/image/LabelComponents.h"
#include "core/image/preprocess/Preprocessor.h"
#include "core/learn/GridTensor.h"
#include "core/learn/ModelArchive.h"
#include "core/learn/Trainer.h"
#include "core/segment/ModelSettings.h"
#include "core/segment/VolumeTensor.h"

namespace voxsiam::segment {

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
    throw image::InputError(modelPath, error.what());
  }
  const auto settings = modelSettingsFromConfig(impl_->info.configJson, modelPath);
  impl_->preprocess = settings.preprocess;
  impl_->largestComponentOnly = settings.largestComponentOnly;
  impl_->scheme = std::make_unique<image::LabelScheme>(
      image::LabelScheme::fromJson(impl_->info.schemeJson, modelPath));
}

Segmenter::~Segmenter() = default;

image::LabelMap Segmenter::segment(const image::Volume& ct) const {
  const auto prepared = image::Preprocessor(impl_->preprocess).prepare(ct);
  const auto probabilities =
      learn::predictVolume(impl_->model, volumeView(prepared.image), impl_->info.inference,
                           torch::Device(impl_->device));
  const auto channels = learn::floatVoxels(probabilities);
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

}  // namespace voxsiam::segment
