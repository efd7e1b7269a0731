#include "core/learn/BatchSource.h"

#include <cmath>

namespace voxsiam::learn {
namespace {

namespace F = torch::nn::functional;

double uniform(std::mt19937_64& random, double low, double high) {
  return std::uniform_real_distribution<double>(low, high)(random);
}

/// Rotation (small angles about the three axes) times isotropic scale, plus a shift: 3 × 4.
torch::Tensor randomAffine(std::mt19937_64& random, const TrainingConfig& config) {
  const double most = config.augmentRotationDegrees * std::acos(-1.0) / 180.0;
  const double a = uniform(random, -most, most), b = uniform(random, -most, most),
               c = uniform(random, -most, most);
  const double scale = uniform(random, 1 - config.augmentScale, 1 + config.augmentScale);
  const auto rx =
      torch::tensor({1.0, 0.0, 0.0, 0.0, std::cos(a), -std::sin(a), 0.0, std::sin(a), std::cos(a)})
          .view({3, 3});
  const auto ry =
      torch::tensor({std::cos(b), 0.0, std::sin(b), 0.0, 1.0, 0.0, -std::sin(b), 0.0, std::cos(b)})
          .view({3, 3});
  const auto rz =
      torch::tensor({std::cos(c), -std::sin(c), 0.0, std::sin(c), std::cos(c), 0.0, 0.0, 0.0, 1.0})
          .view({3, 3});
  const auto shift = torch::tensor(
      {uniform(random, -0.05, 0.05), uniform(random, -0.05, 0.05), uniform(random, -0.05, 0.05)});
  return torch::cat({rz.mm(ry).mm(rx) * scale, shift.view({3, 1})}, 1).to(torch::kFloat);
}

}  // namespace

torch::Tensor padToAtLeast(const torch::Tensor& volume, const std::array<int64_t, 3>& minimumDhw,
                           double value, bool replicateEdges) {
  const int64_t dims = volume.dim();
  std::vector<int64_t> padding;  // last dimension first, (low, high) pairs
  bool needed = false;
  for (int axis = 2; axis >= 0; --axis) {
    const int64_t missing = std::max<int64_t>(0, minimumDhw[axis] - volume.size(dims - 3 + axis));
    padding.insert(padding.end(), {0, missing});
    needed = needed || missing > 0;
  }
  if (!needed) return volume;
  if (!replicateEdges)
    return F::pad(volume.unsqueeze(0), F::PadFuncOptions(padding).value(value)).squeeze(0);
  auto batched = volume;
  while (batched.dim() < 5) batched = batched.unsqueeze(0);
  batched = F::pad(batched, F::PadFuncOptions(padding).mode(torch::kReplicate));
  while (batched.dim() > dims) batched = batched.squeeze(0);
  return batched;
}

BatchSource::BatchSource(const std::vector<TrainingVolume>& volumes, const TrainingConfig& config)
    : config_(config) {
  const std::array<int64_t, 3> patchDhw{config.patchSize[2], config.patchSize[1],
                                        config.patchSize[0]};
  for (const auto& volume : volumes) {
    const std::vector<int64_t> dhw{volume.size[2], volume.size[1], volume.size[0]};
    auto image =
        torch::from_blob(const_cast<float*>(volume.image.data()), dhw, torch::kFloat).clone();
    auto labels =
        torch::from_blob(const_cast<uint8_t*>(volume.labels.data()), dhw, torch::kUInt8).clone();
    if (config.patches) {
      image = padToAtLeast(image, patchDhw, image.min().item<double>());
      labels = padToAtLeast(labels, patchDhw, 0);
    }
    const auto organ = torch::nonzero(labels.flatten()).flatten();
    const auto keep = organ.numel() > 20000
                          ? organ.index({torch::randperm(organ.numel()).slice(0, 0, 20000)})
                          : organ;
    foreground_.emplace_back(keep.data_ptr<int64_t>(), keep.data_ptr<int64_t>() + keep.numel());
    images_.push_back(image.unsqueeze(0));
    labels_.push_back(labels);
  }
}

std::pair<torch::Tensor, torch::Tensor> BatchSource::crop(std::size_t volume,
                                                          std::mt19937_64& random) const {
  const auto& labels = labels_[volume];
  if (!config_.patches) return {images_[volume], labels};
  const std::array<int64_t, 3> patch{config_.patchSize[2], config_.patchSize[1],
                                     config_.patchSize[0]};
  std::array<int64_t, 3> start{};
  const bool onOrgan =
      !foreground_[volume].empty() && uniform(random, 0, 1) < config_.foregroundOversampling;
  const int64_t centre = onOrgan ? foreground_[volume][random() % foreground_[volume].size()] : -1;
  const int64_t strides[3] = {labels.size(1) * labels.size(2), labels.size(2), 1};
  for (int axis = 0; axis < 3; ++axis) {
    const int64_t room = labels.size(axis) - patch[axis];
    const int64_t wanted = centre >= 0
                               ? (centre / strides[axis]) % labels.size(axis) - patch[axis] / 2
                               : static_cast<int64_t>(random() % (room + 1));
    start[axis] = std::clamp<int64_t>(wanted, 0, room);
  }
  auto slice = [&](const torch::Tensor& t, int offset) {
    return t.narrow(offset, start[0], patch[0])
        .narrow(offset + 1, start[1], patch[1])
        .narrow(offset + 2, start[2], patch[2]);
  };
  return {slice(images_[volume], 1), slice(labels, 0)};
}

Batch BatchSource::next(std::mt19937_64& random) {
  std::vector<torch::Tensor> images, labels;
  for (int64_t item = 0; item < config_.batchSize; ++item) {
    auto [image, label] = crop(random() % images_.size(), random);
    images.push_back(image);
    labels.push_back(label);
  }
  Batch batch{torch::stack(images), torch::stack(labels).to(torch::kLong)};
  return config_.augment ? augment(std::move(batch), random) : batch;
}

Batch BatchSource::augment(Batch batch, std::mt19937_64& random) const {
  const int64_t n = batch.images.size(0);
  std::vector<torch::Tensor> affines;
  for (int64_t item = 0; item < n; ++item) affines.push_back(randomAffine(random, config_));
  const auto grid = F::affine_grid(torch::stack(affines), batch.images.sizes().vec(), false);
  auto images = F::grid_sample(batch.images, grid,
                               F::GridSampleFuncOptions()
                                   .mode(torch::kBilinear)
                                   .padding_mode(torch::kBorder)
                                   .align_corners(false));
  auto labels = F::grid_sample(batch.labels.unsqueeze(1).to(torch::kFloat), grid,
                               F::GridSampleFuncOptions()
                                   .mode(torch::kNearest)
                                   .padding_mode(torch::kZeros)
                                   .align_corners(false));
  for (int64_t item = 0; item < n; ++item) {
    const double noise = uniform(random, 0.0, config_.augmentNoise);
    const double scale = config_.augmentIntensityScale, shift = config_.augmentIntensityShift;
    images[item] = images[item] * uniform(random, 1 - scale, 1 + scale) +
                   uniform(random, -shift, shift) + torch::randn_like(images[item]) * noise;
  }
  return {images, labels.squeeze(1).round().to(torch::kLong)};
}

}  // namespace voxsiam::learn
