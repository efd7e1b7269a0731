#pragma once
#include <stdexcept>
#include <string>

namespace voxsiam::image {

/// Bad input: names the offending file (or folder) and what is wrong with it. what() gives the
/// one-line message "PATH: PROBLEM" that command-line tools print.
class InputError : public std::runtime_error {
 public:
  InputError(const std::string& path, const std::string& problem)
      : std::runtime_error(path + ": " + problem), path_(path), problem_(problem) {}
  const std::string& path() const { return path_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string path_;
  std::string problem_;
};

}  // namespace voxsiam::image
