#include "tests/support/TestData.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

namespace voxsiam::test {

namespace fs = std::filesystem;

std::string dataPath(const std::string& relative) {
  const char* override = std::getenv("VOXSIAM_DATA");
  const fs::path path = fs::path(override ? override : VOXSIAM_TEST_DATA) / relative;
  EXPECT_TRUE(fs::exists(path)) << "shared test data missing: " << path;
  return path.string();
}

TempFolder::TempFolder() {
  std::random_device seed;
  path_ = fs::temp_directory_path() /
          ("voxsiam-test-" + std::to_string(::getpid()) + "-" + std::to_string(seed()));
  fs::create_directories(path_);
}

TempFolder::~TempFolder() {
  std::error_code ignored;
  fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ignored);
  fs::remove_all(path_, ignored);
}

std::string TempFolder::file(const std::string& name) const {
  return (path_ / name).string();
}

namespace {

std::string slurp(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace

ProcessResult runShell(const std::string& command) {
  TempFolder scratch;
  const std::string out = scratch.file("out"), err = scratch.file("err");
  const int status = std::system((command + " >" + out + " 2>" + err).c_str());
  ProcessResult result;
  if (WIFEXITED(status))
    result.exitCode = WEXITSTATUS(status);
  else if (WIFSIGNALED(status))
    result.exitCode = 128 + WTERMSIG(status);
  result.out = slurp(out);
  result.err = slurp(err);
  return result;
}

ProcessResult runVoxsiam(const std::string& args) {
  return runShell(std::string("'") + VOXSIAM_CLI + "' " + args);
}

std::string shellQuoted(const std::string& text) {
  return "'" + text + "'";
}

}  // namespace voxsiam::test
