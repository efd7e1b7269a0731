#pragma once
#include <stdexcept>
#include <string>

namespace voxsiam::storage {

/// A project could not be read or written: names the file or folder and what is wrong
/// ("PATH: PROBLEM"), e.g. a corrupt database, a newer schema, a read-only folder, a full disk.
class StorageError : public std::runtime_error {
 public:
  StorageError(const std::string& path, const std::string& problem)
      : std::runtime_error(path + ": " + problem), path_(path), problem_(problem) {}
  const std::string& path() const { return path_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string path_;
  std::string problem_;
};

}  // namespace voxsiam::storage
