#pragma once
#include <cstddef>
#include <string>

namespace voxsiam::test {

/// Overwrites the 8 bytes at `offset` of every stored label map of the project in `folder` with
/// `value` and stores the matching content hash, as a crafted project would: the label versions
/// then pass their hash check and only a check of what they hold can refuse them.
void tamperStoredLabels(const std::string& folder, std::size_t offset, double value);

/// Byte offsets of the geometry in a stored label map's header.
constexpr std::size_t kStoredSpacingOffset = 16;
constexpr std::size_t kStoredOriginOffset = 40;
constexpr std::size_t kStoredDirectionOffset = 64;

}  // namespace voxsiam::test
