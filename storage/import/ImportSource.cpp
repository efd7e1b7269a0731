#include "storage/import/ImportSource.h"

#include <filesystem>

namespace voxsiam::storage {

ImportFormat parseImportFormat(const std::string& text) {
  return image::parseDatasetFormat(text);
}

ImportFormat detectImportFormat(const std::string& path) {
  return image::detectDatasetFormat(path);
}

std::vector<ImportItem> scanImportSource(const std::string& path, ImportFormat format) {
  std::vector<ImportItem> items;
  for (const auto& found : image::scanDataset(path, format))
    items.push_back({found.name, found.image, found.label, ""});
  return items;
}

ImportItem importItemForFiles(const std::string& image, const std::string& label,
                              std::string name) {
  if (name.empty()) name = std::filesystem::path(image).filename().string();
  name = name.substr(0, name.find('.'));
  return {name, image, label, ""};
}

}  // namespace voxsiam::storage
