// voxsiam compare: two models on the same labelled cases, organ by organ (B - A), with a
// regression gate for retrained models.
#include <cmath>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/cli/Arguments.h"
#include "app/cli/AtomicFile.h"
#include "app/cli/Commands.h"
#include "app/cli/UsageError.h"
#include "app/workflow/Dataset.h"
#include "app/workflow/PairedScores.h"
#include "core/image/ImageReader.h"
#include "core/image/InputError.h"
#include "core/image/LabelMapping.h"
#include "core/image/SchemeLabelReader.h"
#include "core/segment/Segmenter.h"

namespace voxsiam::cli {
namespace {

using workflow::CasePairs;
using workflow::difference;
using workflow::OrganPairs;
using workflow::PairedScore;

std::vector<std::string> modelPaths(const std::vector<std::string>& args) {
  std::vector<std::string> paths;
  for (std::size_t index = 0; index + 1 < args.size(); ++index)
    if (args[index] == "--model") paths.push_back(args[index + 1]);
  if (paths.size() != 2) throw UsageError("compare needs two models: --model A.pt --model B.pt");
  return paths;
}

std::string number(const std::optional<double>& value, int precision, bool sign = false) {
  if (!value) return "-";
  std::ostringstream text;
  text << std::fixed << std::setprecision(precision) << (sign ? std::showpos : std::noshowpos)
       << *value;
  return text.str();
}

OrganPairs scoreCase(const segment::CaseFiles& files, const segment::Segmenter& a,
                     const segment::Segmenter& b) {
  const auto ct = image::readVolume(files.image);
  const auto reference =
      image::readLabelsInScheme(files.label, image::LabelMapping::builtin(files.map), a.scheme())
          .labels;
  if (!reference.geometry().sameGrid(ct.geometry()))
    throw image::InputError(files.label, "grid differs from its image " + files.image);
  std::vector<std::uint16_t> organs;
  for (const auto& entry : a.scheme().entries()) organs.push_back(entry.id);
  return workflow::scoreBoth(ct, reference, organs, a, b);
}

void printRow(std::ostream& out, const std::string& name, const std::string& organ,
              const PairedScore& score) {
  out << std::left << std::setw(20) << name << std::setw(18) << organ << std::right << std::setw(8)
      << number(score.diceA, 3) << std::setw(8) << number(score.diceB, 3) << std::setw(9)
      << number(difference(score.diceA, score.diceB), 3, true) << std::setw(9)
      << number(score.hd95A, 1) << std::setw(9) << number(score.hd95B, 1) << "\n";
}

void printTable(std::ostream& out, const image::LabelScheme& scheme, const CasePairs& cases,
                const OrganPairs& means) {
  out << std::left << std::setw(20) << "case" << std::setw(18) << "organ" << std::right
      << std::setw(8) << "dice_A" << std::setw(8) << "dice_B" << std::setw(9) << "B-A"
      << std::setw(9) << "hd95_A" << std::setw(9) << "hd95_B"
      << "\n";
  for (const auto& [name, organs] : cases)
    for (const auto& [organ, score] : organs) printRow(out, name, scheme.nameOf(organ), score);
  for (const auto& [organ, score] : means) printRow(out, "mean", scheme.nameOf(organ), score);
}

nlohmann::json scoreJson(const PairedScore& score) {
  const auto value = [](const std::optional<double>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
  };
  return {{"dice_a", value(score.diceA)},
          {"dice_b", value(score.diceB)},
          {"dice_b_minus_a", value(difference(score.diceA, score.diceB))},
          {"hd95_a", value(score.hd95A)},
          {"hd95_b", value(score.hd95B)}};
}

nlohmann::json comparisonJson(const std::vector<std::string>& models,
                              const image::LabelScheme& scheme, const CasePairs& cases,
                              const OrganPairs& means, const std::vector<std::uint16_t>& regressed,
                              double maxDrop) {
  nlohmann::json json = {{"model_a", models[0]}, {"model_b", models[1]}, {"max_drop", maxDrop}};
  for (const auto& [name, organs] : cases) {
    nlohmann::json entry = {{"case", name}};
    for (const auto& [organ, score] : organs)
      entry["organs"][scheme.nameOf(organ)] = scoreJson(score);
    json["cases"].push_back(entry);
  }
  for (const auto& [organ, score] : means) json["mean"][scheme.nameOf(organ)] = scoreJson(score);
  json["regressed"] = nlohmann::json::array();
  for (const auto organ : regressed) json["regressed"].push_back(scheme.nameOf(organ));
  return json;
}

}  // namespace

int runCompare(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const Arguments arguments(args, {"model", "data", "map", "json", "max-drop", "device"});
  arguments.expectPositionals(0, "only options");
  const auto models = modelPaths(args);
  const double maxDrop = arguments.getNumber("max-drop", 0.02, 0, 1);
  const std::string device = arguments.getChoice("device", "auto", {"auto", "cpu", "cuda"});
  const segment::Segmenter a(models[0], device), b(models[1], device);
  if (a.scheme().name() != b.scheme().name())
    throw image::InputError(models[1], "label scheme " + b.scheme().name() + " differs from " +
                                           models[0] + "'s " + a.scheme().name());
  const workflow::DataSource source{
      arguments.require("data"), "", "", arguments.get("map", "identity"), {}};
  CasePairs cases;
  for (const auto& files : workflow::listCases({source}, a.scheme())) {
    cases.emplace_back(files.name, scoreCase(files, a, b));
    err << "voxsiam: compared " << files.name << "\n" << std::flush;
  }
  const auto means = workflow::meansOf(cases);
  printTable(out, a.scheme(), cases, means);
  const auto regressed = workflow::regressions(means, maxDrop);
  if (arguments.has("json"))
    writeTextAtomically(
        arguments.get("json"),
        comparisonJson(models, a.scheme(), cases, means, regressed, maxDrop).dump(2) + "\n");
  if (regressed.empty()) return 0;
  err << "voxsiam: " << models[1] << " regresses on";
  for (const auto organ : regressed)
    err << " " << a.scheme().nameOf(organ) << " ("
        << number(difference(means.at(organ).diceA, means.at(organ).diceB), 3, true) << ")";
  err << ": mean Dice drops by more than " << maxDrop << "\n";
  return 3;
}

}  // namespace voxsiam::cli
