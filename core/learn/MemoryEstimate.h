#pragma once
#include <array>
#include <cstdint>
#include <string>

#include "core/learn/TrainingConfig.h"

namespace voxsiam::learn {

/// Number of weights of UNet3D built with `network` (convolutions and the 1x1 head).
std::uint64_t unetParameterCount(const NetworkConfig& network);

/// Bytes one training step of the U-Net needs at its peak: weights, gradients and Adam's two
/// moments (16 bytes per parameter) plus the activations kept for the backward pass of a batch of
/// `input` blocks (voxels along i, j, k), derived from the layer widths of UNet3D. An estimate,
/// calibrated against measured peaks on CPU (bench/memory, bench/RESULTS.md): within about 15 %
/// of the measured growth of the process for the sizes measured there.
std::uint64_t trainingStepBytes(const TrainingConfig& config, const std::array<int64_t, 3>& input);

/// Memory the process may still use on `device` ("cpu": MemAvailable of /proc/meminfo, and the
/// address-space limit when one is set), in bytes; 0 when it cannot be told (other devices).
std::uint64_t availableMemoryBytes(const std::string& device);

/// `bytes` as gigabytes for messages ("1.25 GB").
std::string gigabytesText(std::uint64_t bytes);

/// Throws std::invalid_argument, naming the estimate, the memory available and what to reduce,
/// when a training step of `config` on `input` blocks cannot fit into `available` bytes (0:
/// unknown, never throws).
void checkTrainingFits(const TrainingConfig& config, const std::array<int64_t, 3>& input,
                       std::uint64_t available);

}  // namespace voxsiam::learn
