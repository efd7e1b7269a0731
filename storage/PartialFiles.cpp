#include "storage/PartialFiles.h"

#include <signal.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>

namespace voxsiam::storage {
namespace {

namespace fs = std::filesystem;

constexpr const char* kTag = ".partial";

/// The writer's PID after ".partial" in `name`, or 0 when the name holds none.
long writerPid(const std::string& name) {
  const std::size_t at = name.find(kTag);
  if (at == std::string::npos) return 0;
  const char* digits = name.c_str() + at + std::char_traits<char>::length(kTag);
  char* end = nullptr;
  const long pid = std::strtol(digits, &end, 10);
  return end != digits && pid > 0 ? pid : 0;
}

bool processGone(long pid) {
  return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

bool olderThanAnHour(const fs::path& path) {
  std::error_code error;
  const auto written = fs::last_write_time(path, error);
  return !error && fs::file_time_type::clock::now() - written > std::chrono::hours(1);
}

}  // namespace

bool isPartialFileName(const std::string& name) {
  return name.find(kTag) != std::string::npos || name.rfind(".", 0) == 0;
}

std::vector<std::string> removeStalePartialFiles(const fs::path& folder) {
  std::vector<std::string> removed;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    const std::string name = entry.path().filename().string();
    if (name.find(kTag) == std::string::npos || !entry.is_regular_file(error)) continue;
    const long pid = writerPid(name);
    const bool stale = pid ? processGone(pid) : olderThanAnHour(entry.path());
    if (stale && fs::remove(entry.path(), error)) removed.push_back(name);
  }
  return removed;
}

}  // namespace voxsiam::storage
