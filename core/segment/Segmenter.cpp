#include "core/segment/Segmenter.h"

#include <algorithm>

#include "core/image/InputError.h"
#include "core/image/LabelComponents.h"
#include "core/image/preprocess/Preprocessor.h"
#include "core/learn/Calibration.h"
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

namespace {

/// The network's probabilities of `image` (D × H × W) averaged over the test-time changes.
torch::Tensor averagedProbabilities(learn::UNet3D& model, const torch::Tensor& image,
                                    const learn::InferenceSettings& settings,
                                    const torch::Device& device, bool perturbed) {
  auto sum = learn::predictVolume(model, image, settings, device);
  if (!perturbed) return sum;
  sum = sum + learn::predictVolume(model, image * 0.95, settings, device);
  sum = sum + learn::predictVolume(model, image + 0.05, settings, device);
  for (const int64_t dim : {0, 1}) {
    const auto shifted = learn::predictVolume(model, image.roll(2, dim), settings, device);
    sum = sum + shifted.roll(-2, dim + 1);
  }
  return sum / 5.0;
}

}  // namespace

namespace {

/// Labels on the native grid from working-grid probabilities, each organ reduced to its largest
/// component when `largestOnly`.
image::LabelMap labelsOf(const torch::Tensor& probabilities, const image::GridMapping& mapping,
                         bool largestOnly) {
  const auto classes = std::size_t(probabilities.size(0));
  auto labels = mapping.argmaxToNative(learn::floatVoxels(probabilities), classes);
  if (largestOnly) {
    std::vector<std::uint16_t> organs;
    for (std::size_t organ = 1; organ < classes; ++organ) organs.push_back(uint16_t(organ));
    image::keepLargestComponents(labels, organs);
  }
  return labels;
}

}  // namespace

image::LabelMap Segmenter::segment(const image::Volume& ct) const {
  const auto prepared = image::Preprocessor(impl_->preprocess).prepare(ct);
  const auto probabilities =
      averagedProbabilities(impl_->model, volumeView(prepared.image), impl_->info.inference,
                            torch::Device(impl_->device), false);
  return labelsOf(probabilities, prepared.mapping, impl_->largestComponentOnly);
}

Segmentation Segmenter::segmentWithUncertainty(const image::Volume& ct, bool perturbed) const {
  const auto prepared = image::Preprocessor(impl_->preprocess).prepare(ct);
  const auto probabilities =
      averagedProbabilities(impl_->model, volumeView(prepared.image), impl_->info.inference,
                            torch::Device(impl_->device), perturbed);
  Segmentation result;
  result.labels = labelsOf(probabilities, prepared.mapping, impl_->largestComponentOnly);
  // Two channels (certainty, uncertainty): outside the body crop the first is 1, the second 0.
  const auto uncertainty =
      learn::normalisedEntropy(learn::temper(probabilities, impl_->info.temperature, 0));
  const auto nativeUncertainty = image::Preprocessor::probabilitiesToNative(
      learn::floatVoxels(torch::stack({1 - uncertainty, uncertainty})), 2, prepared.mapping);
  result.uncertainty = image::Volume(ct.geometry());
  const std::size_t voxels = result.uncertainty.voxels().size();
  std::copy(nativeUncertainty.begin() + std::ptrdiff_t(voxels), nativeUncertainty.end(),
            result.uncertainty.voxels().begin());
  return result;
}

ProbabilitySample Segmenter::sampleProbabilities(const image::Volume& ct,
                                                 const image::LabelMap& reference,
                                                 std::size_t count) const {
  const auto prepared = image::Preprocessor(impl_->preprocess).prepare(ct, &reference);
  const auto probabilities =
      averagedProbabilities(impl_->model, volumeView(prepared.image), impl_->info.inference,
                            torch::Device(impl_->device), false);
  const auto& labels = *prepared.labels;
  std::vector<std::int64_t> classes(labels.voxels().begin(), labels.voxels().end());
  const auto truth = torch::from_blob(classes.data(), {std::int64_t(classes.size())}, torch::kLong);
  const auto sample = learn::sampleVoxels(probabilities, truth, std::int64_t(count));
  ProbabilitySample result;
  result.classes = std::size_t(probabilities.size(0));
  result.probabilities = learn::floatVoxels(sample.probabilities.contiguous());
  const auto chosen = sample.truth.contiguous();
  result.truth.assign(chosen.data_ptr<std::int64_t>(),
                      chosen.data_ptr<std::int64_t>() + chosen.numel());
  return result;
}

std::vector<float> Segmenter::pooledFeatures(const image::Volume& ct) const {
  const auto prepared = image::Preprocessor(impl_->preprocess).prepare(ct);
  const auto features =
      learn::encodeVolume(impl_->model, volumeView(prepared.image), impl_->info.inference,
                          impl_->info.network.levels - 1, torch::Device(impl_->device))
          .first;
  return learn::floatVoxels(features.mean({0, 2, 3, 4}));
}

double Segmenter::temperature() const {
  return impl_->info.temperature;
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
