#include "core/learn/MemoryEstimate.h"

#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace voxsiam::learn {
namespace {

/// Activation channels kept per voxel of each level, and the parameter count, of UNet3D.
struct NetworkSize {
  long double activationChannelVoxels = 0;  ///< Σ over layers of channels × voxels, per sample
  long double parameters = 0;
};

long double doubleConv(NetworkSize& size, long double in, long double middle, long double out,
                       long double voxels) {
  size.parameters += 27 * in * middle + 27 * middle * out;
  // Each convolution keeps its output, the normalised output and the activation.
  return 3 * (middle + out) * voxels;
}

NetworkSize networkSize(const NetworkConfig& network, long double inputVoxels) {
  NetworkSize size;
  long double previous = network.inChannels;
  for (int64_t level = 0; level < network.levels; ++level) {
    const long double voxels = inputVoxels / std::pow(8.0L, level);
    const long double out = static_cast<long double>(network.fMaps << level);
    const long double middle = std::max(out / 2, previous);
    // Max pooling keeps its output and int64 indices (three float widths) of the input channels.
    const long double pooled = level > 0 ? 3 * previous * voxels : 0;
    size.activationChannelVoxels += pooled + doubleConv(size, previous, middle, out, voxels);
    previous = out;
  }
  for (int64_t level = network.levels - 2; level >= 0; --level) {
    const long double voxels = inputVoxels / std::pow(8.0L, level);
    const long double skip = static_cast<long double>(network.fMaps << level);
    const long double concatenated = 3 * skip * voxels;  // upsampled + concatenation
    size.activationChannelVoxels += concatenated + doubleConv(size, 3 * skip, skip, skip, voxels);
  }
  size.parameters += static_cast<long double>(network.fMaps + 1) * network.classes;  // 1x1 head
  size.activationChannelVoxels += 2.0L * network.classes * inputVoxels;  // logits, softmax
  return size;
}

std::string gigabytes(long double bytes) {
  std::ostringstream text;
  text.setf(std::ios::fixed);
  text.precision(bytes < 1e11L ? 2 : 0);
  text << bytes / 1e9L << " GB";
  return text.str();
}

}  // namespace

std::string gigabytesText(std::uint64_t bytes) {
  return gigabytes(static_cast<long double>(bytes));
}

std::uint64_t unetParameterCount(const NetworkConfig& network) {
  return static_cast<std::uint64_t>(networkSize(network, 0).parameters);
}

std::uint64_t trainingStepBytes(const TrainingConfig& config, const std::array<int64_t, 3>& input) {
  const long double voxels = static_cast<long double>(input[0]) * input[1] * input[2];
  const NetworkSize size = networkSize(config.network, voxels);
  // Measured peaks (bench/memory) match float activations of this count; the gradients of the
  // backward pass reuse the memory of the activations it frees.
  const long double bytes = 16 * size.parameters + 4 * size.activationChannelVoxels *
                                                       static_cast<long double>(config.batchSize);
  return bytes >= 1.8e19L ? UINT64_MAX : static_cast<std::uint64_t>(bytes);
}

std::uint64_t availableMemoryBytes(const std::string& device) {
  if (device != "cpu") return 0;
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  std::uint64_t kilobytes = 0, available = 0;
  while (meminfo >> key >> kilobytes) {
    if (key == "MemAvailable:") available = kilobytes * 1024;
    meminfo.ignore(64, '\n');
  }
  rlimit limit{};
  if (getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
    available = available ? std::min<std::uint64_t>(available, limit.rlim_cur) : limit.rlim_cur;
  return available;
}

void checkTrainingFits(const TrainingConfig& config, const std::array<int64_t, 3>& input,
                       std::uint64_t available) {
  const std::uint64_t needed = trainingStepBytes(config, input);
  if (available == 0 || needed <= available) return;
  throw std::invalid_argument(
      "a training step needs about " + gigabytes(needed) + " (f_maps " +
      std::to_string(config.network.fMaps) + ", blocks of " + std::to_string(input[0]) + "x" +
      std::to_string(input[1]) + "x" + std::to_string(input[2]) + ", batch " +
      std::to_string(config.batchSize) + "), more than the " + gigabytes(available) +
      " available; use a smaller patch, batch_size or f_maps");
}

}  // namespace voxsiam::learn
