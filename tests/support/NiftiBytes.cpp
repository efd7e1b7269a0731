#include "tests/support/NiftiBytes.h"

#include <cstring>
#include <fstream>

namespace voxsiam::test {
namespace {

template <typename T>
void put(std::vector<unsigned char>& header, std::size_t offset, T value) {
  std::memcpy(header.data() + offset, &value, sizeof(T));
}

std::int16_t bitsOf(NiftiType type) {
  switch (type) {
    case NiftiType::UInt8:
      return 8;
    case NiftiType::Int16:
      return 16;
    case NiftiType::Float32:
      return 32;
  }
  return 8;
}

}  // namespace

void writeRawNifti(const std::string& path, const std::vector<std::int16_t>& dims, NiftiType type,
                   const std::array<float, 3>& spacing, const std::vector<unsigned char>& data) {
  std::vector<unsigned char> header(352, 0);
  put<std::int32_t>(header, 0, 348);                                      // sizeof_hdr
  put<std::int16_t>(header, 40, static_cast<std::int16_t>(dims.size()));  // dim[0]
  for (std::size_t axis = 0; axis < 7; ++axis)
    put<std::int16_t>(header, 42 + 2 * axis, axis < dims.size() ? dims[axis] : 1);
  put<std::int16_t>(header, 70, static_cast<std::int16_t>(type));  // datatype
  put<std::int16_t>(header, 72, bitsOf(type));                     // bitpix
  put<float>(header, 76, 1.f);                                     // pixdim[0] = qfac
  for (int axis = 0; axis < 7; ++axis)
    put<float>(header, 80 + 4 * axis, axis < 3 ? spacing[axis] : 1.f);
  put<float>(header, 108, 352.f);                // vox_offset
  put<float>(header, 112, 1.f);                  // scl_slope
  put<std::int16_t>(header, 252, 1);             // qform_code
  put<float>(header, 256 + 4 * 0, 0.f);          // quatern b, c, d = 0
  std::memcpy(header.data() + 344, "n+1\0", 4);  // magic
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(reinterpret_cast<const char*>(header.data()),
             static_cast<std::streamsize>(header.size()));
  file.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

}  // namespace voxsiam::test
