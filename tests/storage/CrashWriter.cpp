// Test helper for the crash-safety test: saves label versions of case "crash" of a project in an
// endless loop and reports each committed version on stdout ("SEED ID"), until it is killed.
#include <unistd.h>

#include <cstdio>
#include <string>

#include "storage/Project.h"
#include "storage/repository/CaseRepository.h"
#include "storage/repository/LabelVersionRepository.h"
#include "storage/repository/VolumeRepository.h"
#include "tests/storage/StorageFixtures.h"

int main(int argc, char** argv) {
  using namespace voxsiam;
  if (argc != 3) {
    std::fprintf(stderr, "usage: storage_crash_writer PROJECT FIRST_SEED\n");
    return 2;
  }
  storage::Project project(argv[1]);
  const auto record = storage::repository::CaseRepository(project.connection()).findByName("crash");
  const auto grid =
      storage::repository::VolumeRepository(project.connection()).geometry(record->imageHash);
  storage::repository::LabelVersionRepository versions(project.connection());
  for (std::uint64_t seed = std::stoull(argv[2]);; ++seed) {
    storage::repository::NewLabelVersion version;
    version.caseId = record->id;
    version.schemeId = project.schemeId();
    version.author = "crash-writer";
    version.note = "seed=" + std::to_string(seed);
    const long long id = versions.save(version, test::generatedLabels(*grid, seed));
    const std::string line = std::to_string(seed) + " " + std::to_string(id) + "\n";
    if (write(STDOUT_FILENO, line.data(), line.size()) < 0) return 1;
  }
}
