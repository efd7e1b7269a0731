#include "core/image/DataFileCheck.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/image/InputError.h"

namespace voxsiam::image {

std::string checkedDataFile(const std::string& headerPath, const std::string& dataFile) {
  namespace fs = std::filesystem;
  if (dataFile.rfind("LIST", 0) == 0 || dataFile.find('%') != std::string::npos ||
      dataFile.find(' ') != std::string::npos)
    throw InputError(headerPath, "names several data files ('" + dataFile +
                                     "'); only a single data file is supported");
  const fs::path relative(dataFile);
  if (relative.empty() || relative.is_absolute())
    throw InputError(headerPath, "names a data file outside its folder: '" + dataFile + "'");
  for (const auto& part : relative) {
    if (part == "..")
      throw InputError(headerPath, "names a data file outside its folder: '" + dataFile + "'");
  }
  std::error_code error;
  const fs::path folder = fs::weakly_canonical(fs::absolute(headerPath).parent_path(), error);
  const fs::path data = fs::weakly_canonical(folder / relative, error);
  const auto [end, unused] = std::mismatch(folder.begin(), folder.end(), data.begin(), data.end());
  if (error || end != folder.end())
    throw InputError(headerPath, "names a data file outside its folder: '" + dataFile + "'");
  const auto status = fs::status(data, error);
  if (!fs::exists(status))
    throw InputError(headerPath, "its data file " + data.string() + " is missing");
  if (!fs::is_regular_file(status))
    throw InputError(headerPath, "its data file " + data.string() + " is not a regular file");
  return data.string();
}

void checkNrrdDataFile(const std::string& headerPath) {
  std::ifstream file(headerPath, std::ios::binary);
  std::string line;
  std::size_t read = 0;
  while (std::getline(file, line) && read < (1u << 20)) {
    read += line.size() + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) return;  // end of the header: the data follow in this file
    for (const std::string key : {"data file:", "datafile:"}) {
      if (line.rfind(key, 0) != 0) continue;
      std::string value = line.substr(key.size());
      value.erase(0, value.find_first_not_of(' '));
      checkedDataFile(headerPath, value);
      return;
    }
  }
}

}  // namespace voxsiam::image
