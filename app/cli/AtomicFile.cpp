#include "app/cli/AtomicFile.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/image/InputError.h"

namespace voxsiam::cli {

void writeTextAtomically(const std::string& path, const std::string& text) {
  const std::string temp = path + ".partial" + std::to_string(::getpid());
  {
    std::ofstream file(temp, std::ios::binary | std::ios::trunc);
    file << text;
    file.flush();
    if (!file) {
      std::remove(temp.c_str());
      throw image::InputError(path, "cannot write the file");
    }
  }
  std::error_code error;
  std::filesystem::rename(temp, path, error);
  if (error) {
    std::remove(temp.c_str());
    throw image::InputError(path, "cannot write the file: " + error.message());
  }
}

}  // namespace voxsiam::cli
