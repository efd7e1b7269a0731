#pragma once
#include <stdexcept>
#include <string>

namespace voxsiam::cli {

/// The command line itself is wrong (unknown command or option, missing value): exit code 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace voxsiam::cli
