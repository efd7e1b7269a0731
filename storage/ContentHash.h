#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace voxsiam::storage {

/// Incremental SHA-256, used to name stored files and label contents by what they contain.
class ContentHash {
 public:
  ContentHash();
  /// Adds `size` bytes at `data`.
  void add(const void* data, std::size_t size);
  /// Finishes and returns the digest as 64 lowercase hex digits; the object is then spent.
  std::string hex();

 private:
  void compress(const std::uint8_t* block);

  std::uint32_t state_[8];
  std::uint8_t buffer_[64];
  std::size_t buffered_ = 0;
  std::uint64_t totalBytes_ = 0;
};

/// SHA-256 of a byte range as hex.
std::string sha256Hex(const void* data, std::size_t size);

}  // namespace voxsiam::storage
