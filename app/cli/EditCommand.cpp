#include <sstream>

#include "app/cli/Arguments.h"
#include "app/cli/Commands.h"
#include "app/cli/OutputGuard.h"
#include "app/cli/SameGrid.h"
#include "app/cli/SchemeCheck.h"
#include "app/cli/UsageError.h"
#include "core/edit/effects/EffectTable.h"
#include "core/image/ImageReader.h"
#include "core/image/ImageWriter.h"
#include "core/image/LabelComponents.h"
#include "core/image/LabelScheme.h"

namespace voxsiam::cli {
namespace {

/// "LO,HI" as an HU range.
edit::IntensityRange huRange(const std::string& text) {
  std::istringstream in(text);
  edit::IntensityRange range;
  char comma = 0;
  std::string rest;
  if (!(in >> range.minimum >> comma >> range.maximum) || comma != ',' || (in >> rest) ||
      !(range.minimum <= range.maximum))
    throw UsageError("--hu wants LO,HI in HU with LO <= HI (e.g. -100,300), not '" + text + "'");
  return range;
}

std::uint16_t organOf(const image::LabelScheme& scheme, const std::string& names,
                      const std::string& option) {
  const auto ids = scheme.organIds(names);
  if (ids.size() != 1) throw UsageError(option + " names one organ");
  return ids.front();
}

struct EditInputs {
  image::LabelMap labels;
  std::optional<image::Volume> ct;
  edit::EffectScope scope;
};

std::size_t applyOperation(const Arguments& arguments, const image::LabelScheme& scheme,
                           EditInputs& inputs) {
  const std::string op =
      arguments.getChoice("op", "", {"margin", "smooth", "keep-largest", "threshold", "logic"});
  edit::EffectRequest request;
  request.image = inputs.ct ? &*inputs.ct : nullptr;
  request.scope = inputs.scope;
  request.variant =
      op == "smooth"
          ? arguments.getChoice("smoothing", "median", {"median", "opening", "closing", "joint"})
          : arguments.getChoice("logic", "add", {"copy", "add", "subtract", "intersect"});
  if (!(op == "smooth" && request.variant == "joint"))
    request.label = organOf(scheme, arguments.require("organ"), "--organ");
  if (op == "keep-largest") return image::keepLargestComponents(inputs.labels, {request.label});
  if (op == "margin" && !arguments.has("mm"))
    throw UsageError("--op margin needs --mm N (negative: shrink)");
  request.mm = op == "margin"
                   ? arguments.getNumber("mm", 0, -500, 500)
                   : arguments.getNumber(
                         "mm", op == "smooth" && request.variant == "joint" ? 1.0 : 2.0, 0.01, 100);
  if (op == "threshold") {
    if (!inputs.ct || !arguments.has("hu"))
      throw UsageError("--op threshold needs --image IMAGE and --hu LO,HI");
    request.range = huRange(arguments.get("hu"));
  }
  if (op == "logic") request.source = organOf(scheme, arguments.require("source"), "--source");
  edit::ChangeRecorder recorder(inputs.labels);
  return edit::findEffect(op)->apply(recorder, request);
}

}  // namespace

int runEdit(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  const Arguments arguments(
      args, {"op", "organ", "mm", "smoothing", "hu", "image", "source", "logic", "scheme"},
      {"overwrite"});
  arguments.expectPositionals(2, "IN and OUT label maps");
  const std::string inPath = arguments.positionals()[0];
  const std::string outPath = arguments.positionals()[1];
  arguments.require("op");
  std::vector<std::string> inputs{inPath};
  if (arguments.has("image")) inputs.push_back(arguments.get("image"));
  ensureSeparateOutput("OUT", outPath, inputs);
  const auto scheme = image::LabelScheme::builtin(arguments.get("scheme", "gibson8"));
  EditInputs edit{image::readLabelMap(inPath), std::nullopt, {}};
  requireIdsOfScheme(inPath, edit.labels, scheme, arguments.has("scheme"));
  if (arguments.has("image")) {
    edit.ct = image::readVolume(arguments.get("image"));
    requireSameGrid(inPath, edit.labels.geometry(), arguments.get("image"), edit.ct->geometry());
    edit.scope.image = &*edit.ct;
  }
  if (arguments.has("hu")) {
    if (!edit.ct) throw UsageError("--hu needs --image IMAGE");
    edit.scope.intensity = huRange(arguments.get("hu"));
  }
  edit.scope.overwriteOtherOrgans = arguments.has("overwrite");
  const std::size_t changed = applyOperation(arguments, scheme, edit);
  image::writeLabelMap(edit.labels, outPath);
  out << arguments.get("op") << ": " << changed << " voxels changed; wrote " << outPath << "\n";
  return 0;
}

}  // namespace voxsiam::cli
