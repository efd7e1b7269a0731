#include "app/workflow/DemoProject.h"

#include <unistd.h>

#include "core/image/phantom/PhantomGenerator.h"
#include "storage/Project.h"
#include "storage/StorageError.h"
#include "storage/import/ImportSource.h"
#include "storage/import/ProjectImporter.h"

namespace voxsiam::workflow {
namespace {

namespace fs = std::filesystem;

/// Review status of demo case `index`: a mix, mostly approved.
storage::ReviewStatus demoStatus(std::size_t index) {
  switch (index % 4) {
    case 2:
      return storage::ReviewStatus::InReview;
    case 3:
      return index % 8 == 7 ? storage::ReviewStatus::Draft : storage::ReviewStatus::Approved;
    default:
      return storage::ReviewStatus::Approved;
  }
}

void importDemoCases(storage::Project& project, const fs::path& data,
                     const std::function<void(const std::string&)>& progress) {
  const auto items = storage::scanImportSource(data.string(), storage::ImportFormat::NnUnet);
  storage::ProjectImporter importer(project);
  for (std::size_t index = 0; index < items.size(); ++index) {
    storage::ImportOptions options;
    options.author = "demo";
    options.status = demoStatus(index);
    const auto results = importer.run({items[index]}, options);
    if (results.front().outcome == storage::ImportResult::Outcome::Failed) {
      throw storage::StorageError(items[index].name, results.front().reason);
    }
    if (progress) progress(items[index].name);
  }
}

}  // namespace

void createDemoProject(const fs::path& folder, std::size_t cases, std::uint64_t seed,
                       const std::function<void(const std::string&)>& progress) {
  const fs::path scratch = fs::temp_directory_path() / ("voxsiam-demo-" + std::to_string(getpid()));
  storage::ProjectSettings settings;
  settings.title = "VoxSiam demo (synthetic abdominal CT)";
  storage::Project project = storage::Project::create(folder, settings);
  std::error_code ignored;
  try {
    image::phantom::writePhantomDataset(scratch.string(), cases, seed);
    importDemoCases(project, scratch, progress);
  } catch (...) {
    fs::remove_all(scratch, ignored);
    for (const auto& entry : fs::directory_iterator(folder, ignored)) {
      fs::remove_all(entry.path(), ignored);
    }
    throw;
  }
  fs::remove_all(scratch, ignored);
}

}  // namespace voxsiam::workflow
