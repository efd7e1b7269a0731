#include "core/image/DicomWriting.h"

#include <ctime>
#include <filesystem>
#include <set>
#include <sstream>

#include "core/image/InputError.h"

namespace voxsiam::image {

std::string dicomDecimal(double value) {
  std::ostringstream text;
  text.precision(10);
  text << (value == 0 ? 0.0 : value);
  return text.str().substr(0, 16);
}

std::vector<const LabelEntry*> organsPresent(const LabelMap& labels, const LabelScheme& scheme) {
  const std::set<std::uint16_t> present(labels.voxels().begin(), labels.voxels().end());
  std::vector<const LabelEntry*> organs;
  for (const auto& entry : scheme.entries())
    if (entry.id != 0 && entry.id != kNotAnnotated && present.count(entry.id))
      organs.push_back(&entry);
  return organs;
}

void saveDicomAtomically(const std::string& path, const std::string& what,
                         const std::function<std::string(const std::string&)>& write) {
  const std::string partial = path + ".partial";
  std::string problem = write(partial);
  std::error_code error;
  if (problem.empty()) std::filesystem::rename(partial, path, error);
  if (problem.empty() && error) problem = "cannot rename the file: " + error.message();
  if (!problem.empty()) {
    std::filesystem::remove(partial, error);
    throw InputError(path, "cannot write " + what + ": " + problem);
  }
}

std::pair<std::string, std::string> dicomNow() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char date[9] = {}, time[7] = {};
  std::strftime(date, sizeof(date), "%Y%m%d", &local);
  std::strftime(time, sizeof(time), "%H%M%S", &local);
  return {date, time};
}

}  // namespace voxsiam::image
