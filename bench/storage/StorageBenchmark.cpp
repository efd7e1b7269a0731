// bench/storage: saves and loads the 512x512x82 AMOS label map as a label version of a project,
// and writes and reads the same map as .nii.gz with ITK in the same run (ratio printed); then
// builds a project of 1,000 cases (two label versions each) and times opening it and listing the
// cases with their latest review status.
//
// usage: bench_storage [DATA_DIR] [--cases N]
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <iomanip>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "core/image/ImageReader.h"
#include "core/image/ImageWriter.h"
#include "storage/Project.h"
#include "storage/repository/CaseRepository.h"
#include "storage/repository/LabelVersionRepository.h"
#include "storage/repository/VolumeRepository.h"
#include "storage/sql/Transaction.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace voxsiam;

constexpr int kRepeats = 7;

/// Median milliseconds of `repeats` runs of `work`.
double medianMs(const std::function<void()>& work, int repeats = kRepeats) {
  std::vector<double> times;
  for (int run = 0; run < repeats; ++run) {
    const auto start = Clock::now();
    work();
    times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

long long addCase(storage::Project& project, const std::string& name, const image::Volume& image) {
  const storage::StoredVolume stored = project.volumes().add(image);
  storage::repository::VolumeRepository(project.connection()).put(stored, image.geometry());
  return storage::repository::CaseRepository(project.connection()).add(name, stored.hash, "bench");
}

storage::repository::NewLabelVersion versionOf(long long caseId, long long schemeId,
                                               storage::ReviewStatus status) {
  storage::repository::NewLabelVersion version;
  version.caseId = caseId;
  version.schemeId = schemeId;
  version.author = "bench";
  version.status = status;
  return version;
}

const char* verdict(double value, double goal) {
  return value < goal ? "met" : "NOT met";
}

void labelVersusItk(const std::string& dataDir, const fs::path& scratch) {
  const std::string source = dataDir + "/amos/amos_0013_label.nii.gz";
  const image::LabelMap labels = image::readLabelMap(source);
  storage::Project project = storage::Project::create(scratch / "amos", {});
  const long long caseId = addCase(project, "amos_0013", image::Volume(labels.geometry(), 0.0f));
  storage::repository::LabelVersionRepository versions(project.connection());
  const auto version = versionOf(caseId, project.schemeId(), storage::ReviewStatus::Draft);
  long long id = 0;
  const double save = medianMs([&] { id = versions.save(version, labels); });
  image::LabelMap loaded;
  const double load = medianMs([&] { loaded = versions.load(id); });
  const std::string nifti = (scratch / "amos_copy.nii.gz").string();
  const double itkWrite = medianMs([&] { image::writeLabelMap(labels, nifti); }, 3);
  image::LabelMap itkLoaded;
  const double itkRead = medianMs([&] { itkLoaded = image::readLabelMap(nifti); }, 3);
  if (loaded.voxels() != labels.voxels() || itkLoaded.voxels() != labels.voxels()) {
    throw std::runtime_error("a round trip changed the label map");
  }
  std::cout << std::fixed << std::setprecision(1) << "AMOS label map " << labels.size()[0] << "x"
            << labels.size()[1] << "x" << labels.size()[2] << " (" << labels.voxelCount()
            << " voxels), stored version " << versions.loadBytes(id).size() << " bytes, .nii.gz "
            << fs::file_size(nifti) << " bytes\n"
            << "  label version save  " << save << " ms (goal < 50: " << verdict(save, 50) << ")"
            << "   ITK .nii.gz write " << itkWrite << " ms   ratio " << itkWrite / save << "x\n"
            << "  label version load  " << load << " ms (goal < 50: " << verdict(load, 50) << ")"
            << "   ITK .nii.gz read  " << itkRead << " ms   ratio " << itkRead / load << "x\n";
}

image::LabelMap blobs(const image::ImageGeometry& grid, std::mt19937& random) {
  image::LabelMap labels(grid);
  for (std::uint16_t organ = 1; organ <= 8; ++organ) {
    const std::size_t ci = random() % grid.size[0], cj = random() % grid.size[1];
    const std::size_t ck = random() % grid.size[2], radius = 3 + random() % 8;
    for (std::size_t k = 0; k < grid.size[2]; ++k)
      for (std::size_t j = 0; j < grid.size[1]; ++j)
        for (std::size_t i = 0; i < grid.size[0]; ++i) {
          const long di = long(i) - long(ci), dj = long(j) - long(cj), dk = long(k) - long(ck);
          if (std::size_t(di * di + dj * dj + dk * dk) < radius * radius)
            labels.at(i, j, k) = organ;
        }
  }
  return labels;
}

void buildLargeProject(const fs::path& folder, int cases) {
  storage::Project project = storage::Project::create(folder, {});
  image::ImageGeometry grid;
  grid.size = {64, 64, 32};
  std::mt19937 random(7);
  storage::repository::LabelVersionRepository versions(project.connection());
  const storage::ReviewStatus statuses[] = {storage::ReviewStatus::Approved,
                                            storage::ReviewStatus::InReview,
                                            storage::ReviewStatus::Draft};
  storage::sql::Transaction transaction(project.connection());
  for (int index = 0; index < cases; ++index) {
    image::Volume image(grid, static_cast<float>(index));
    const long long caseId = addCase(project, "case_" + std::to_string(10000 + index), image);
    versions.save(versionOf(caseId, project.schemeId(), storage::ReviewStatus::Draft),
                  blobs(grid, random));
    versions.save(versionOf(caseId, project.schemeId(), statuses[index % 3]), blobs(grid, random));
  }
  transaction.commit();
}

void openAndList(const fs::path& scratch, int cases) {
  const fs::path folder = scratch / "large";
  const auto start = Clock::now();
  buildLargeProject(folder, cases);
  const double build = std::chrono::duration<double>(Clock::now() - start).count();
  std::size_t listed = 0, approved = 0;
  const double openList = medianMs([&] {
    storage::Project project(folder);
    const auto list = storage::repository::CaseRepository(project.connection()).list();
    listed = list.size();
    approved = static_cast<std::size_t>(std::count_if(
        list.begin(), list.end(), [](const auto& c) { return c.latestStatus == "approved"; }));
  });
  std::cout << std::setprecision(1) << "project of " << cases << " cases, " << 2 * cases
            << " label versions, database "
            << fs::file_size(folder / "project.sqlite") / (1024 * 1024) << " MiB (built in "
            << build << " s)\n"
            << "  open + list " << listed << " cases with latest status (" << approved
            << " approved): " << openList << " ms (goal < 200: " << verdict(openList, 200) << ")\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::string dataDir = VOXSIAM_DEFAULT_DATA;
  int cases = 1000;
  for (int index = 1; index < argc; ++index) {
    const std::string arg = argv[index];
    if (arg == "--cases" && index + 1 < argc) {
      cases = std::stoi(argv[++index]);
    } else {
      dataDir = arg;
    }
  }
  const fs::path scratch = fs::temp_directory_path() / "voxsiam-bench-storage";
  fs::remove_all(scratch);
  fs::create_directories(scratch);
  try {
    labelVersusItk(dataDir, scratch);
    openAndList(scratch, cases);
  } catch (const std::exception& error) {
    std::cerr << "bench_storage: " << error.what() << "\n";
    fs::remove_all(scratch);
    return 1;
  }
  fs::remove_all(scratch);
  return 0;
}
