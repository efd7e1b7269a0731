#include "app/workflow/Dataset.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>

#include "core/image/DatasetLayout.h"
#include "core/image/InputError.h"

namespace voxsiam::workflow {
namespace {

namespace fs = std::filesystem;

/// The training cases of a dataset folder in any layout the import reads (core/image's scanner):
/// its test part is left out, and every other case needs its label file.
void addFolder(const DataSource& source, std::vector<segment::CaseFiles>& cases) {
  std::size_t added = 0;
  for (const auto& found : image::scanDataset(source.folder)) {
    if (found.testSplit) continue;
    if (found.label.empty())
      throw image::InputError(
          found.image,
          "case " + found.name + " has no label file; training needs one for every case");
    cases.push_back({found.name, found.image, found.label, source.map, {}});
    ++added;
  }
  if (added == 0)
    throw image::InputError(source.folder, "holds no training case (only a test part)");
}

}  // namespace

std::vector<segment::CaseFiles> listCases(const std::vector<DataSource>& sources,
                                          const image::LabelScheme& scheme) {
  std::vector<segment::CaseFiles> cases;
  for (const auto& source : sources) {
    const std::size_t first = cases.size();
    if (!source.folder.empty()) {
      addFolder(source, cases);
    } else {
      std::string name = fs::path(source.image).filename().string();
      name = name.substr(0, name.find('.'));
      cases.push_back({name, source.image, source.label, source.map, {}});
    }
    std::string names;
    for (const auto& organ : source.annotated) names += (names.empty() ? "" : ",") + organ;
    const auto annotated = names.empty() ? std::vector<std::uint16_t>{} : scheme.organIds(names);
    for (std::size_t index = first; index < cases.size(); ++index)
      cases[index].annotated = annotated;
  }
  return cases;
}

std::pair<std::vector<segment::CaseFiles>, std::vector<segment::CaseFiles>> splitCases(
    std::vector<segment::CaseFiles> cases, double fraction, uint64_t seed,
    const std::vector<std::string>& validationNames) {
  if (cases.empty()) throw image::InputError("data", "no training cases found");
  if (!validationNames.empty()) {
    std::vector<segment::CaseFiles> training, validation;
    for (const auto& name : validationNames)
      if (std::none_of(cases.begin(), cases.end(),
                       [&](const segment::CaseFiles& c) { return c.name == name; }))
        throw image::InputError(name, "validation case not found in the data");
    for (auto& files : cases)
      (std::count(validationNames.begin(), validationNames.end(), files.name) ? validation
                                                                              : training)
          .push_back(files);
    if (training.empty())
      throw image::InputError("data", "every case is a validation case; none is left to train on");
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
