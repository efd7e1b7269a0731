#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <new>
#include <sstream>

#include "app/cli/Commands.h"
#include "app/cli/UsageError.h"
#include "app/workflow/Presets.h"
#include "core/image/InputError.h"
#include "core/image/LabelMapping.h"
#include "core/image/LabelScheme.h"
#include "core/learn/TrainingMethods.h"

namespace voxsiam::cli {
namespace {

using Command = std::function<int(const std::vector<std::string>&, std::ostream&, std::ostream&)>;

const char* kUsage =
    "usage: voxsiam COMMAND ...\n"
    "  info IMAGE|DICOM_DIR [--json] [--series UID]\n"
    "  convert IN OUT [--map {maps}] [--spacing S | --like REF] [--series "
    "UID]\n"
    "  eval --pred LABEL --ref LABEL [--map-pred M] [--map-ref M] [--scheme S] [--json OUT]\n"
    "        [--resample-ref]\n"
    "  phantom --out DIR [--cases N] [--seed S]\n"
    "  train --config CONFIG.json --out RUN_DIR\n"
    "  train --preset {presets} --data DIR [--data DIR ...] [--case "
    "IMAGE,LABEL[,MAP] ...]\n"
    "        [--validate NAME ...] [--method {methods}] --out RUN_DIR [--epochs N] "
    "[--time-budget S] [--device D] [--seed S]\n"
    "        [--init-from MODEL.pt [--init-partial]] [--batch-size N]\n"
    "        [--nproc N [--nnodes M --node-rank K]]   (data-parallel: N processes here; across\n"
    "        machines with MASTER_ADDR and MASTER_PORT of the --node-rank 0 machine)\n"
    "  predict --model RUN_DIR/model.pt --image IMAGE|DICOM_DIR --out LABEL [--device D] [--series "
    "UID]\n"
    "        [--largest-component] [--uncertainty MAP.nii.gz [--tta]]   (MAP: 0 certain .. 1 "
    "uniform)\n"
    "  calibration --model M.pt --data DIR [--map M] [--json OUT] [--device D]\n"
    "        (expected calibration error of held-out cases at temperature 1 and the model's)\n"
    "  compare --model A.pt --model B.pt --data DIR [--map M] [--json OUT] [--max-drop 0.02]\n"
    "        [--device D]   (exit 3 when B's mean Dice of an organ drops by more than max-drop)\n"
    "  project create DIR [--title T] [--scheme {schemes}]\n"
    "  project import DIR SOURCE_DIR [--format auto|nnunet|btcv|pairs|dicom] [--map M]\n"
    "        [--status S] [--author A] [--all-or-nothing] [--series UID] [--annotated ORGAN,...]\n"
    "        [--anonymise (DICOM: new UIDs and a pseudonym, no patient data)]\n"
    "  project import DIR --image IMAGE [--label LABEL] [--name NAME] [--map M] ...\n"
    "  project list DIR [--json]\n"
    "  project export DIR --out FOLDER [--case NAME [--version ID]]\n"
    "  project export DIR --case NAME [--version ID] --format dicom-seg|rtstruct\n"
    "        --out FILE.dcm\n"
    "  project review DIR --version ID --set draft|in_review|approved|rejected [--note N]\n"
    "        [--organ ORGAN,... (approved|rejected: those organs alone)]\n"
    "  project check DIR\n"
    "  project suggest DIR --model M.pt [--count 5] [--device D]   (cases to label next)\n"
    "  embed --model RUN_DIR/model.pt --image IMAGE --label LABEL [--map M] [--layer encN|projN]\n"
    "        [--per-class N] [--wrong-only] [--case NAME] --out FEATURES.csv\n"
    "  tsne --in FEATURES.csv --out XY.csv [--png PLOT.png] [--perplexity 30] [--theta 0.5]\n"
    "       [--iterations 1000] [--seed S] [--pca 50] [--threads T] [--exaggeration 12]\n"
    "  grow --image IMAGE --seeds SEEDS --out LABEL [--background-id 255] [--margin-mm 30]\n"
    "        [--labels EXISTING]   (seeds: organ ids, background-id for background, 0 unknown)\n"
    "  edit IN OUT --op margin|smooth|keep-largest|threshold|logic --organ NAME [--mm N]\n"
    "        [--smoothing median|opening|closing|joint] [--hu LO,HI --image IMAGE] [--overwrite]\n"
    "        [--source NAME --logic copy|add|subtract|intersect]\n"
    "  stats LABEL --image IMAGE [--csv OUT] [--scheme S]\n"
    "  demo --out DIR [--cases N] [--seed S]\n";

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : "|") + name;
  return text;
}

/// The usage text with the names the catalogues (presets, label mappings, schemes, training
/// methods) hold now.
std::string usageText() {
  std::vector<std::string> presets;
  for (const auto& preset : workflow::presetCatalogue()) presets.push_back(preset.name);
  std::string text = kUsage;
  const std::pair<std::string, std::string> fields[] = {
      {"{presets}", joined(presets)},
      {"{maps}", joined(image::LabelMapping::builtinNames())},
      {"{schemes}", joined(image::LabelScheme::builtinNames())},
      {"{methods}", learn::methodNames("|")}};
  for (const auto& [field, names] : fields)
    for (auto at = text.find(field); at != std::string::npos; at = text.find(field))
      text.replace(at, field.size(), names);
  return text;
}

const std::map<std::string, Command>& commands() {
  static const std::map<std::string, Command> table = {{"info", runInfo},
                                                       {"convert", runConvert},
                                                       {"eval", runEval},
                                                       {"phantom", runPhantom},
                                                       {"train", runTrain},
                                                       {"predict", runPredict},
                                                       {"calibration", runCalibration},
                                                       {"project", runProject},
                                                       {"demo", runDemo},
                                                       {"tsne", runTsne},
                                                       {"embed", runEmbed},
                                                       {"compare", runCompare},
                                                       {"grow", runGrow},
                                                       {"edit", runEdit},
                                                       {"stats", runStats}};
  return table;
}

}  // namespace

namespace {

/// `text` on one line: line breaks become spaces, runs of spaces one.
std::string oneLine(const std::string& text) {
  std::string line;
  for (const char c : text) {
    const char shown = c == '\n' || c == '\r' || c == '\t' ? ' ' : c;
    if (shown == ' ' && (line.empty() || line.back() == ' ')) continue;
    line += shown;
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

/// The first argument that names an existing file or folder (what an error is about), else the
/// command.
std::string firstInput(const std::vector<std::string>& args) {
  std::error_code error;
  for (std::size_t index = 1; index < args.size(); ++index) {
    if (!args[index].empty() && args[index][0] != '-' &&
        std::filesystem::exists(args[index], error))
      return args[index];
  }
  return args[0];
}

/// The usage lines of `command` (its entries and their continuation lines).
std::string usageOf(const std::string& command) {
  std::istringstream lines(usageText());
  std::string line, text;
  bool inside = false;
  while (std::getline(lines, line)) {
    if (line.rfind("  " + command + " ", 0) == 0 || line == "  " + command) {
      inside = true;
    } else if (line.rfind("   ", 0) != 0) {
      inside = false;
    }
    if (inside) text += line + "\n";
  }
  return "usage: voxsiam\n" + text;
}

bool asksForHelp(const std::vector<std::string>& args) {
  return std::any_of(args.begin() + 1, args.end(),
                     [](const std::string& arg) { return arg == "--help" || arg == "-h"; });
}

}  // namespace

int runVoxsiam(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    (args.empty() ? err : out) << usageText();
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    out << "voxsiam " << VOXSIAM_VERSION << "\n";
    return 0;
  }
  const auto command = commands().find(args[0]);
  if (command == commands().end()) {
    err << "voxsiam: unknown command '" << args[0] << "' (see voxsiam --help)\n";
    return 2;
  }
  if (asksForHelp(args)) {
    out << usageOf(args[0]);
    return 0;
  }
  try {
    return command->second({args.begin() + 1, args.end()}, out, err);
  } catch (const UsageError& error) {
    err << "voxsiam " << args[0] << ": " << oneLine(error.what()) << "\n";
    return 2;
  } catch (const image::InputError& error) {
    err << "voxsiam: " << oneLine(error.what()) << "\n";
    return 1;
  } catch (const std::bad_alloc&) {
    err << "voxsiam: " << firstInput(args) << ": not enough memory for this input\n";
    return 1;
  } catch (const std::length_error&) {
    err << "voxsiam: " << firstInput(args) << ": the input asks for an impossible size\n";
    return 1;
  } catch (const std::exception& error) {
    err << "voxsiam: " << firstInput(args) << ": " << oneLine(error.what()) << "\n";
    return 1;
  }
}

}  // namespace voxsiam::cli
