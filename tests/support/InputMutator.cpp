#include "tests/support/InputMutator.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

namespace voxsiam::test {
namespace {

/// Byte patterns that tend to break size and offset arithmetic.
std::vector<std::string> boundaryValues() {
  std::vector<std::string> values;
  const auto add = [&](const auto& value) {
    std::string bytes(sizeof value, '\0');
    std::memcpy(bytes.data(), &value, sizeof value);
    values.push_back(bytes);
  };
  add(std::int16_t(0)), add(std::int16_t(-1)), add(std::int16_t(0x7fff)), add(std::int16_t(-3));
  add(std::int32_t(0)), add(std::int32_t(-1)), add(std::int32_t(0x7fffffff));
  add(std::numeric_limits<float>::quiet_NaN()), add(std::numeric_limits<float>::infinity());
  add(float(1e30)), add(float(-1e30)), add(std::int64_t(-1));
  add(std::numeric_limits<double>::quiet_NaN()), add(double(1e300));
  add(std::uint8_t(0xff)), add(std::uint8_t(0));
  return values;
}

}  // namespace

std::string InputMutator::mutateBytes(std::string input, std::size_t headerBytes) {
  if (input.empty()) return input;
  const std::size_t span = std::min(headerBytes, input.size());
  switch (below(4)) {
    case 0: {  // flip a few bits
      for (std::size_t n = 1 + below(4); n > 0; --n) input[below(span)] ^= char(1 << below(8));
      return input;
    }
    case 1:
    case 2: {  // a boundary value at an offset
      static const auto values = boundaryValues();
      const std::string& value = values[below(values.size())];
      const std::size_t at = below(span);
      input.replace(at, std::min(value.size(), input.size() - at), value);
      return input;
    }
    default:  // truncate
      return input.substr(0, below(input.size()));
  }
}

std::string InputMutator::hostileNumber() {
  static const char* numbers[] = {"-3",    "0",  "1e300", "nan",    "inf",    "9223372036854775808",
                                  "99999", "-1", "1.5",   "2.9e17", "1e-300", "65536"};
  return numbers[below(sizeof numbers / sizeof *numbers)];
}

std::string InputMutator::mutateText(std::string input) {
  if (input.empty()) return input;
  std::vector<std::size_t> digits;
  for (std::size_t index = 0; index < input.size(); ++index)
    if (std::isdigit(static_cast<unsigned char>(input[index])) &&
        (index == 0 || !std::isdigit(static_cast<unsigned char>(input[index - 1]))))
      digits.push_back(index);
  const std::size_t kind = below(5);
  if (kind <= 1 && !digits.empty()) {  // a number replaced
    const std::size_t at = digits[below(digits.size())];
    std::size_t end = at;
    while (end < input.size() && (std::isdigit(static_cast<unsigned char>(input[end])) ||
                                  input[end] == '.' || input[end] == 'e' || input[end] == '-'))
      ++end;
    return input.replace(at, end - at, hostileNumber());
  }
  const std::size_t line = input.find('\n', below(input.size()));
  if (kind == 2 && line != std::string::npos) {  // a value replaced by a path
    const std::size_t start = input.rfind('\n', line == 0 ? 0 : line - 1);
    const std::size_t from = start == std::string::npos ? 0 : start + 1;
    const std::size_t equals = input.find_first_of("=:", from);
    if (equals != std::string::npos && equals < line) {
      static const char* paths[] = {"/proc/self/environ", "../../etc/passwd", "LIST", "x%03d.raw",
                                    "/dev/zero"};
      return input.replace(equals + 1, line - equals - 1, std::string(" ") + paths[below(5)]);
    }
  }
  if (kind == 3 && line != std::string::npos) {  // a line repeated
    const std::size_t start = input.rfind('\n', line == 0 ? 0 : line - 1);
    const std::size_t from = start == std::string::npos ? 0 : start + 1;
    return input.insert(from, input.substr(from, line - from + 1));
  }
  return input.substr(0, below(input.size()));  // truncated
}

}  // namespace voxsiam::test
