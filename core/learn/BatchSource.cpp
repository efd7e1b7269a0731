#include "core/learn/BatchSource.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>

#include "core/learn/GridTensor.h"

namespace voxsiam::learn {
namespace {

namespace F = torch::nn::functional;

double uniform(std::mt19937_64& random, double low, double high) {
  return std::uniform_real_distribution<double>(low, high)(random);
}

/// Rotation (up to the configured angle about each axis) times isotropic scale: a 3 × 3 map of
/// (d, h, w) millimetre offsets.
torch::Tensor randomLinearMap(std::mt19937_64& random, const TrainingConfig& config) {
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
  return (rz.mm(ry).mm(rx) * scale).to(torch::kDouble);
}

/// Millimetre offsets (D × H × W × 3) of a block's voxels from the block's centre.
torch::Tensor offsetsFromCentre(const std::array<int64_t, 3>& block,
                                const std::array<double, 3>& spacing) {
  std::vector<torch::Tensor> axes;
  for (int axis = 0; axis < 3; ++axis)
    axes.push_back((torch::arange(block[axis], torch::kDouble) - (block[axis] - 1) / 2.0) *
                   spacing[axis]);
  return torch::stack(torch::meshgrid(axes, "ij"), -1);
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
  auto generator = at::detail::createCPUGenerator(config.seed);
  for (const auto& volume : volumes) {
    auto image = gridView(volume.image, volume.size).clone();
    auto labels = gridView(volume.labels, volume.size).clone();
    if (config.patches) {
      image = padToAtLeast(image, patchDhw, image.min().item<double>());
      labels = padToAtLeast(labels, patchDhw, kIgnoreLabel);
    }
    const auto organ =
        torch::nonzero(labels.flatten().gt(0).logical_and(labels.flatten().ne(kIgnoreLabel)))
            .flatten();
    const auto keep =
        organ.numel() > 20000
            ? organ.index(
                  {torch::randperm(organ.numel(), generator, torch::kLong).slice(0, 0, 20000)})
            : organ;
    foreground_.emplace_back(keep.data_ptr<int64_t>(), keep.data_ptr<int64_t>() + keep.numel());
    images_.push_back(image.unsqueeze(0));
    labels_.push_back(labels);
    spacing_.push_back({volume.spacing[2], volume.spacing[1], volume.spacing[0]});
    annotated_.push_back(annotationOf(volume, config.network.classes));
    anyPartial_ = anyPartial_ || annotated_.back().lt(1).any().item<bool>();
  }
}

torch::Tensor annotationOf(const TrainingVolume& volume, int64_t classes) {
  auto flags = torch::ones({classes}, torch::kFloat);
  for (std::size_t c = 0; c < volume.annotated.size() && int64_t(c) < classes; ++c)
    flags[int64_t(c)] = volume.annotated[c] ? 1.0 : 0.0;
  flags[0] = 1;
  return flags;
}

std::array<int64_t, 3> BatchSource::blockOf(std::size_t volume) const {
  if (config_.patches) return {config_.patchSize[2], config_.patchSize[1], config_.patchSize[0]};
  return {labels_[volume].size(0), labels_[volume].size(1), labels_[volume].size(2)};
}

std::array<int64_t, 3> BatchSource::blockStart(std::size_t volume,
                                               const std::array<int64_t, 3>& block,
                                               std::mt19937_64& random) const {
  const auto& labels = labels_[volume];
  const bool onOrgan =
      !foreground_[volume].empty() && uniform(random, 0, 1) < config_.foregroundOversampling;
  const int64_t centre = onOrgan ? foreground_[volume][random() % foreground_[volume].size()] : -1;
  const int64_t strides[3] = {labels.size(1) * labels.size(2), labels.size(2), 1};
  std::array<int64_t, 3> start{};
  for (int axis = 0; axis < 3; ++axis) {
    const int64_t room = labels.size(axis) - block[axis];
    const int64_t wanted = centre >= 0
                               ? (centre / strides[axis]) % labels.size(axis) - block[axis] / 2
                               : static_cast<int64_t>(random() % (room + 1));
    start[axis] = std::clamp<int64_t>(wanted, 0, room);
  }
  return start;
}

std::pair<torch::Tensor, torch::Tensor> BatchSource::cropped(
    std::size_t volume, const std::array<int64_t, 3>& start,
    const std::array<int64_t, 3>& block) const {
  auto slice = [&](const torch::Tensor& t, int offset) {
    return t.narrow(offset, start[0], block[0])
        .narrow(offset + 1, start[1], block[1])
        .narrow(offset + 2, start[2], block[2]);
  };
  return {slice(images_[volume], 1), slice(labels_[volume], 0)};
}

std::pair<torch::Tensor, torch::Tensor> BatchSource::warped(std::size_t volume,
                                                            const std::array<int64_t, 3>& start,
                                                            const std::array<int64_t, 3>& block,
                                                            std::mt19937_64& random) const {
  const auto& spacing = spacing_[volume];
  const auto map = randomLinearMap(random, config_);
  std::array<double, 3> shift{};
  for (int axis = 0; axis < 3; ++axis)
    shift[axis] = uniform(random, -0.05, 0.05) * block[axis] * spacing[axis] / 2;
  const auto sourceMm = offsetsFromCentre(block, spacing).matmul(map.t()) +
                        torch::tensor({shift[0], shift[1], shift[2]}, torch::kDouble);
  const auto& labels = labels_[volume];
  const auto size = torch::tensor(
      {double(labels.size(0)), double(labels.size(1)), double(labels.size(2))}, torch::kDouble);
  const auto centre =
      torch::tensor({start[0] + (block[0] - 1) / 2.0, start[1] + (block[1] - 1) / 2.0,
                     start[2] + (block[2] - 1) / 2.0},
                    torch::kDouble);
  const auto source =
      sourceMm / torch::tensor({spacing[0], spacing[1], spacing[2]}, torch::kDouble) + centre;
  const auto inside = source.ge(-0.5).logical_and(source.le(size - 0.5)).all(-1);
  // grid_sample wants (x, y, z) = (w, h, d) in [-1, 1] (align_corners false: voxel edges).
  const auto grid = ((2 * source + 1) / size - 1)
                        .index_select(-1, torch::tensor({2, 1, 0}, torch::kLong))
                        .unsqueeze(0)
                        .to(torch::kFloat);
  const auto image = F::grid_sample(images_[volume].unsqueeze(0), grid,
                                    F::GridSampleFuncOptions()
                                        .mode(torch::kBilinear)
                                        .padding_mode(torch::kBorder)
                                        .align_corners(false))
                         .squeeze(0);
  const auto sampled = F::grid_sample(labels.unsqueeze(0).unsqueeze(0).to(torch::kFloat), grid,
                                      F::GridSampleFuncOptions()
                                          .mode(torch::kNearest)
                                          .padding_mode(torch::kZeros)
                                          .align_corners(false))
                           .squeeze(0)
                           .squeeze(0)
                           .round()
                           .to(torch::kUInt8);
  return {image, torch::where(inside, sampled, torch::full_like(sampled, kIgnoreLabel))};
}

void BatchSource::changeIntensities(torch::Tensor& image, std::mt19937_64& random) const {
  const double noise = uniform(random, 0.0, config_.augmentNoise);
  const double scale = config_.augmentIntensityScale, shift = config_.augmentIntensityShift;
  const double factor = uniform(random, 1 - scale, 1 + scale);
  const double offset = uniform(random, -shift, shift);
  auto generator = at::detail::createCPUGenerator(random());
  image = image * factor + offset + torch::randn(image.sizes(), generator, image.options()) * noise;
}

Batch BatchSource::next(std::mt19937_64& random) {
  std::vector<torch::Tensor> images, labels, annotated;
  for (int64_t item = 0; item < config_.batchSize; ++item) {
    const std::size_t volume = random() % images_.size();
    const auto block = blockOf(volume);
    const auto start = blockStart(volume, block, random);
    auto [image, label] =
        config_.augment ? warped(volume, start, block, random) : cropped(volume, start, block);
    if (config_.augment) changeIntensities(image, random);
    images.push_back(image);
    labels.push_back(label);
    annotated.push_back(annotated_[volume]);
  }
  return {torch::stack(images), torch::stack(labels).to(torch::kLong),
          anyPartial_ ? torch::stack(annotated) : torch::Tensor()};
}

}  // namespace voxsiam::learn
