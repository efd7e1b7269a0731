#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace voxsiam::test {

/// NIfTI-1 datatype codes used by the tests.
enum class NiftiType : std::int16_t { UInt8 = 2, Int16 = 4, Float32 = 16 };

/// Writes a single-file NIfTI-1 (.nii, uncompressed) byte by byte, independently of ITK, so tests
/// can make files ITK would refuse to write: odd dimensions, lying headers, NaN voxels.
/// `dims` holds 1..7 sizes; `data` holds the raw voxel bytes (any length, to fake truncation).
void writeRawNifti(const std::string& path, const std::vector<std::int16_t>& dims, NiftiType type,
                   const std::array<float, 3>& spacing, const std::vector<unsigned char>& data);

/// Raw little-endian bytes of `values`.
template <typename T>
std::vector<unsigned char> bytesOf(const std::vector<T>& values) {
  const auto* begin = reinterpret_cast<const unsigned char*>(values.data());
  return {begin, begin + values.size() * sizeof(T)};
}

}  // namespace voxsiam::test
