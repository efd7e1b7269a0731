// voxsiam calibration: how well a model's probabilities match how often it is right, on labelled
// cases it did not train on, at temperature 1 and at the temperature fitted when it was trained.
#include <torch/torch.h>

#include <iomanip>
#include <nlohmann/json.hpp>

#include "app/cli/Arguments.h"
#include "app/cli/AtomicFile.h"
#include "app/cli/Commands.h"
#include "app/workflow/Dataset.h"
#include "core/image/ImageReader.h"
#include "core/image/InputError.h"
#include "core/image/LabelMapping.h"
#include "core/image/SchemeLabelReader.h"
#include "core/learn/Calibration.h"
#include "core/segment/Segmenter.h"

namespace voxsiam::cli {
namespace {

constexpr std::size_t kVoxelsPerCase = 100000;

/// The sampled voxels of every case of `source`, as one calibration set.
learn::CalibrationVoxels sampleCases(const segment::Segmenter& segmenter,
                                     const workflow::DataSource& source, std::ostream& err) {
  std::vector<torch::Tensor> probabilities, truths;
  for (const auto& files : workflow::listCases({source}, segmenter.scheme())) {
    const auto ct = image::readVolume(files.image);
    const auto reference =
        image::readLabelsInScheme(files.label, image::LabelMapping::builtin(files.map),
                                  segmenter.scheme())
            .labels;
    if (!reference.geometry().sameGrid(ct.geometry()))
      throw image::InputError(files.label, "grid differs from its image " + files.image);
    auto sample = segmenter.sampleProbabilities(ct, reference, kVoxelsPerCase);
    const auto voxels = std::int64_t(sample.truth.size());
    probabilities.push_back(
        torch::tensor(sample.probabilities).reshape({voxels, std::int64_t(sample.classes)}));
    truths.push_back(torch::tensor(sample.truth, torch::kLong));
    err << "voxsiam: sampled " << voxels << " voxels of " << files.name << "\n" << std::flush;
  }
  if (probabilities.empty())
    throw image::InputError(source.folder, "no labelled case to check the calibration on");
  return {torch::cat(probabilities), torch::cat(truths)};
}

}  // namespace

int runCalibration(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const Arguments arguments(args, {"model", "data", "map", "json", "device"});
  arguments.expectPositionals(0, "only options");
  const segment::Segmenter segmenter(
      arguments.require("model"), arguments.getChoice("device", "auto", {"auto", "cpu", "cuda"}));
  const workflow::DataSource source{
      arguments.require("data"), "", "", arguments.get("map", "identity"), {}};
  const auto voxels = sampleCases(segmenter, source, err);
  const double temperature = segmenter.temperature();
  const double before = learn::expectedCalibrationError(voxels);
  const double after = learn::expectedCalibrationError(
      {learn::temper(voxels.probabilities, temperature, 1), voxels.truth});
  const auto here = learn::fitTemperature(voxels);
  out << std::fixed << std::setprecision(4) << "calibration of " << arguments.require("model")
      << " on " << voxels.truth.numel() << " voxels of " << source.folder << "\n"
      << "  expected calibration error at temperature 1:        " << before << "\n"
      << "  at the model's temperature " << std::setprecision(3) << temperature
      << std::setprecision(4) << ":            " << after << "\n"
      << "  (a temperature fitted on these cases, " << std::setprecision(3) << here.temperature
      << std::setprecision(4) << ", would give " << here.eceAfter << ")\n";
  if (arguments.has("json"))
    writeTextAtomically(arguments.get("json"),
                        nlohmann::json{{"model", arguments.require("model")},
                                       {"voxels", voxels.truth.numel()},
                                       {"temperature", temperature},
                                       {"ece_temperature_1", before},
                                       {"ece_model_temperature", after},
                                       {"temperature_fitted_here", here.temperature},
                                       {"ece_fitted_here", here.eceAfter}}
                                .dump(2) +
                            "\n");
  return 0;
}

}  // namespace voxsiam::cli
