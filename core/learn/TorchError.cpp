#include "core/learn/TorchError.h"

#include <c10/util/Exception.h>

#include <regex>

#include "core/learn/MemoryEstimate.h"

namespace voxsiam::learn {

std::string torchErrorText(const c10::Error& error) {
  const std::string what = error.what_without_backtrace();
  const std::string first = what.substr(0, what.find('\n'));
  const bool allocation = first.find("can't allocate memory") != std::string::npos ||
                          first.find("out of memory") != std::string::npos;
  if (!allocation) return first;
  std::smatch bytes;
  if (std::regex_search(first, bytes, std::regex("allocate ([0-9]+) bytes")))
    return "not enough memory (" + gigabytesText(std::stoull(bytes[1])) + " asked for at once)";
  return "not enough memory on the device";
}

}  // namespace voxsiam::learn
