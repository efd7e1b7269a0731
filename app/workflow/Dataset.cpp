#include "app/workflow/Dataset.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>

#include "core/image/InputError.h"

namespace voxsiam::workflow {
namespace {

namespace fs = std::filesystem;

/// "NAME" of "NAME_0000.nii.gz"; empty when the file is not a first-channel image.
std::string caseNameOf(const std::string& file, std::string& extension) {
  for (const std::string suffix : {"_0000.nii.gz", "_0000.nii"}) {
    if (file.size() > suffix.size() &&
        file.compare(file.size() - suffix.size(), suffix.size(), suffix) == 0) {
      extension = suffix.substr(5);
      return file.substr(0, file.size() - suffix.size());
    }
  }
  return "";
}

void addFolder(const DataSource& source, std::vector<segment::CaseFiles>& cases) {
  const fs::path images = fs::path(source.folder) / "imagesTr";
  if (!fs::is_directory(images))
    throw InputError(source.folder, "not a data folder: it has no imagesTr/");
  std::vector<segment::CaseFiles> found;
  for (const auto& entry : fs::directory_iterator(images)) {
    std::string extension;
    const std::string name = caseNameOf(entry.path().filename().string(), extension);
    if (name.empty()) continue;
    const fs::path label = fs::path(source.folder) / "labelsTr" / (name + extension);
    if (!fs::exists(label))
      throw InputError(label.string(), "label file of case " + name + " is missing");
    found.push_back({name, entry.path().string(), label.string(), source.map});
  }
  if (found.empty()) throw InputError(images.string(), "holds no NAME_0000.nii.gz images");
  std::sort(
      found.begin(), found.end(),
      [](const segment::CaseFiles& a, const segment::CaseFiles& b) { return a.name < b.name; });
  cases.insert(cases.end(), found.begin(), found.end());
}

}  // namespace

std::vector<segment::CaseFiles> listCases(const std::vector<DataSource>& sources) {
  std::vector<segment::CaseFiles> cases;
  for (const auto& source : sources) {
    if (!source.folder.empty()) {
      addFolder(source, cases);
      continue;
    }
    std::string name = fs::path(source.image).filename().string();
    name = name.substr(0, name.find('.'));
    cases.push_back({name, source.image, source.label, source.map});
  }
  return cases;
}

std::pair<std::vector<segment::CaseFiles>, std::vector<segment::CaseFiles>> splitCases(
    std::vector<segment::CaseFiles> cases, double fraction, uint64_t seed,
    const std::vector<std::string>& validationNames) {
  if (cases.empty()) throw InputError("data", "no training cases found");
  if (!validationNames.empty()) {
    std::vector<segment::CaseFiles> training, validation;
    for (const auto& name : validationNames)
      if (std::none_of(cases.begin(), cases.end(),
                       [&](const segment::CaseFiles& c) { return c.name == name; }))
        throw InputError(name, "validation case not found in the data");
    for (auto& files : cases)
      (std::count(validationNames.begin(), validationNames.end(), files.name) ? validation
                                                                              : training)
          .push_back(files);
    if (training.empty())
      throw InputError("data", "every case is a validation case; none is left to train on");
    return {training, validation};
  }
  std::mt19937_64 random(seed);
  std::shuffle(cases.begin(), cases.end(), random);
  const auto validation =
      std::min<std::size_t>(cases.size() - 1, std::lround(fraction * double(cases.size())));
  std::vector<segment::CaseFiles> held(cases.end() - validation, cases.end());
  cases.resize(cases.size() - validation);
  return {cases, held};
}

}  // namespace voxsiam::workflow
