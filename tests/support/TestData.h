#pragma once
#include <filesystem>
#include <string>

namespace voxsiam::test {

/// Path of a file under the shared real-data folder (../shared/data, or $VOXSIAM_DATA). Fails
/// the calling test (it does not skip) when the file is missing.
std::string dataPath(const std::string& relative);

/// A fresh empty folder under the system temp folder, removed when the object goes away.
class TempFolder {
 public:
  TempFolder();
  ~TempFolder();
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }
  /// `path() / name` as a string.
  std::string file(const std::string& name) const;

 private:
  std::filesystem::path path_;
};

/// Result of running a program: exit code (or 128 + signal), stdout and stderr.
struct ProcessResult {
  int exitCode = -1;
  std::string out;
  std::string err;
};

/// Runs the voxsiam command-line program with `args` (shell-quoted here) and captures its output.
ProcessResult runVoxsiam(const std::string& args);

/// `text` in single quotes for a shell command line (text holding no single quote).
std::string shellQuoted(const std::string& text);

/// Runs a shell command and captures its output.
ProcessResult runShell(const std::string& command);

}  // namespace voxsiam::test
