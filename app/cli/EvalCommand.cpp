#include <fstream>
#include <iomanip>
#include <nlohmann/json.hpp>

#include "app/cli/Arguments.h"
#include "app/cli/AtomicFile.h"
#include "app/cli/Commands.h"
#include "app/cli/OutputGuard.h"
#include "core/image/ImageReader.h"
#include "core/image/InputError.h"
#include "core/image/LabelMapping.h"
#include "core/image/LabelScheme.h"
#include "core/image/RtStructReader.h"
#include "core/image/SameLattice.h"
#include "core/image/SchemeLabelReader.h"
#include "core/image/preprocess/Resampling.h"
#include "core/metrics/SegmentationEvaluator.h"

namespace voxsiam::cli {
namespace {

using image::LabelMap;
using image::LabelScheme;
using metrics::OrganMetrics;

nlohmann::json optionalJson(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

std::string optionalText(const std::optional<double>& value, int precision) {
  if (!value) return "-";
  std::ostringstream text;
  text << std::fixed << std::setprecision(precision) << *value;
  return text.str();
}

nlohmann::json toJson(const LabelScheme& scheme, const std::vector<OrganMetrics>& organs) {
  nlohmann::json json = nlohmann::json::object();
  for (const auto& organ : organs)
    json[scheme.nameOf(organ.label)] = {{"label", organ.label},
                                        {"dice", optionalJson(organ.dice)},
                                        {"hd95", optionalJson(organ.hd95)},
                                        {"assd", optionalJson(organ.assd)},
                                        {"pred_voxels", organ.predictedVoxels},
                                        {"ref_voxels", organ.referenceVoxels}};
  const auto mean = metrics::meanOf(organs);
  json["mean"] = {{"dice", optionalJson(mean.dice)},
                  {"hd95", optionalJson(mean.hd95)},
                  {"assd", optionalJson(mean.assd)}};
  return json;
}

void printTable(const LabelScheme& scheme, const std::vector<OrganMetrics>& organs,
                std::ostream& out) {
  out << std::left << std::setw(24) << "organ" << std::right << std::setw(8) << "dice"
      << std::setw(10) << "hd95_mm" << std::setw(10) << "assd_mm" << std::setw(12) << "pred_vox"
      << std::setw(12) << "ref_vox"
      << "\n";
  for (const auto& organ : organs)
    out << std::left << std::setw(24) << scheme.nameOf(organ.label) << std::right << std::setw(8)
        << optionalText(organ.dice, 4) << std::setw(10) << optionalText(organ.hd95, 3)
        << std::setw(10) << optionalText(organ.assd, 3) << std::setw(12) << organ.predictedVoxels
        << std::setw(12) << organ.referenceVoxels << "\n";
  const auto mean = metrics::meanOf(organs);
  out << std::left << std::setw(24) << "mean" << std::right << std::setw(8)
      << optionalText(mean.dice, 4) << std::setw(10) << optionalText(mean.hd95, 3) << std::setw(10)
      << optionalText(mean.assd, 3) << "\n";
}

/// The labels to report: every label of the scheme plus any other label present.
std::vector<std::uint16_t> labelsToReport(const LabelScheme& scheme, const LabelMap& predicted,
                                          const LabelMap& reference) {
  std::vector<std::uint16_t> labels;
  for (const auto& entry : scheme.entries()) labels.push_back(entry.id);
  for (auto label : metrics::SegmentationEvaluator::presentLabels(predicted, reference))
    if (!scheme.find(label)) labels.push_back(label);
  std::sort(labels.begin(), labels.end());
  return labels;
}

std::string schemeName(const Arguments& arguments, const image::LabelMapping& predMapping,
                       const image::LabelMapping& refMapping) {
  if (arguments.has("scheme")) return arguments.get("scheme");
  if (!refMapping.isIdentity()) return refMapping.toScheme();
  if (!predMapping.isIdentity()) return predMapping.toScheme();
  return "gibson8";
}

}  // namespace

int runEval(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  const Arguments arguments(args, {"pred", "ref", "map-pred", "map-ref", "scheme", "json"},
                            {"resample-ref"});
  arguments.expectPositionals(0, "only options");
  const std::string predPath = arguments.require("pred");
  const std::string refPath = arguments.require("ref");
  if (arguments.has("json"))
    ensureSeparateOutput("--json", arguments.get("json"), {predPath, refPath});
  const auto predMapping = image::LabelMapping::builtin(arguments.get("map-pred", "identity"));
  const auto refMapping = image::LabelMapping::builtin(arguments.get("map-ref", "identity"));
  const auto scheme = LabelScheme::builtin(schemeName(arguments, predMapping, refMapping));
  // An RTSTRUCT's contours are filled on the other side's grid, so that side is read first.
  const bool predIsContours = image::isRtStruct(predPath);
  LabelMap predicted, reference;
  if (!predIsContours) predicted = image::readLabelsInScheme(predPath, predMapping, scheme).labels;
  reference = image::readLabelsInScheme(refPath, refMapping, scheme, nullptr,
                                        predIsContours ? nullptr : &predicted.geometry())
                  .labels;
  if (predIsContours)
    predicted =
        image::readLabelsInScheme(predPath, predMapping, scheme, nullptr, &reference.geometry())
            .labels;
  if (!predicted.geometry().sameGrid(reference.geometry())) {
    // The same voxels stored in another axis order or direction are brought over exactly.
    if (const auto order = image::sameLattice(predicted.geometry(), reference.geometry())) {
      predicted = image::onLattice(predicted, reference.geometry(), *order);
    } else if (arguments.has("resample-ref")) {
      reference = image::resampleNearest(reference, predicted.geometry());
    } else {
      throw image::InputError(predPath, "grid (size, spacing, origin or direction) differs from " +
                                            refPath + " (--resample-ref resamples the reference)");
    }
  }
  const auto organs = metrics::SegmentationEvaluator().evaluate(
      predicted, reference, labelsToReport(scheme, predicted, reference));
  printTable(scheme, organs, out);
  if (arguments.has("json"))
    writeTextAtomically(arguments.get("json"), toJson(scheme, organs).dump(2) + "\n");
  return 0;
}

}  // namespace voxsiam::cli
