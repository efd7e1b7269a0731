#pragma once
#include <cstdint>
#include <random>
#include <string>

namespace voxsiam::test {

/// Deterministic mutations of valid inputs, for fuzzing the readers: the same seed gives the same
/// mutations on every machine.
class InputMutator {
 public:
  explicit InputMutator(std::uint64_t seed) : random_(seed) {}

  /// A binary mutation within the first `headerBytes` bytes (the header): flipped bits, boundary
  /// values (0, -1, 0x7fff..., NaN and infinity as floats) over 1, 2, 4 or 8 bytes, or a
  /// truncation anywhere in the file.
  std::string mutateBytes(std::string input, std::size_t headerBytes);
  /// A mutation of a text header or JSON document: a number replaced by a hostile one (-3, 0,
  /// 1e300, nan, inf, 2^63, 99999), a value replaced by a path outside the folder, a line
  /// dropped or repeated, or a truncation.
  std::string mutateText(std::string input);
  /// A whole number in 0..`bound` - 1.
  std::size_t below(std::size_t bound) {
    return std::uniform_int_distribution<std::size_t>(0, bound - 1)(random_);
  }

 private:
  std::string hostileNumber();
  std::mt19937_64 random_;
};

}  // namespace voxsiam::test
