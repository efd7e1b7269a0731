#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "app/cli/Arguments.h"
#include "app/cli/AtomicFile.h"
#include "app/cli/Commands.h"
#include "app/cli/NewRunFolder.h"
#include "app/cli/UsageError.h"
#include "app/workflow/Dataset.h"
#include "app/workflow/MetricsLog.h"
#include "app/workflow/RunConfig.h"
#include "core/image/InputError.h"
#include "core/image/LabelScheme.h"
#include "core/image/StrictJson.h"
#include "core/learn/Trainer.h"
#include "resources/EmbeddedResources.h"

namespace voxsiam::cli {
namespace {

namespace fs = std::filesystem;
using workflow::RunConfig;

std::atomic<bool> interrupted{false};

void onSignal(int) {
  interrupted.store(true);
}

nlohmann::json readJsonFile(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw image::InputError(path, "cannot open the file");
  std::stringstream text;
  text << file.rdbuf();
  return image::parseStrictJson(text.str(), path);
}

workflow::DataSource parseCase(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  for (std::string part; std::getline(stream, part, ',');) parts.push_back(part);
  if (parts.size() < 2 || parts.size() > 3)
    throw UsageError("--case needs IMAGE,LABEL[,MAP], got '" + text + "'");
  return {"", parts[0], parts[1], parts.size() == 3 ? parts[2] : "identity"};
}

RunConfig configFrom(const Arguments& arguments, const std::vector<std::string>& args) {
  if (arguments.has("config") == arguments.has("preset"))
    throw UsageError("give either --config FILE or --preset NAME");
  RunConfig config =
      arguments.has("config")
          ? RunConfig::fromJson(readJsonFile(arguments.get("config")), arguments.get("config"))
          : RunConfig::preset(arguments.get("preset"));
  for (std::size_t index = 0; index + 1 < args.size(); ++index) {
    if (args[index] == "--data") config.data.push_back({args[index + 1], "", "", "identity"});
    if (args[index] == "--case") config.data.push_back(parseCase(args[index + 1]));
    if (args[index] == "--validate") config.validationCases.push_back(args[index + 1]);
  }
  if (arguments.has("method"))
    config.training.method = workflow::methodFromName(arguments.get("method"));
  config.training.epochs = arguments.getInt("epochs", config.training.epochs, 1, 1000000);
  config.training.seed =
      static_cast<uint64_t>(arguments.getInt("seed", long(config.training.seed), 0, 1L << 40));
  if (arguments.has("time-budget"))
    config.training.timeBudgetSeconds = double(arguments.getInt("time-budget", 0, 0, 1L << 30));
  if (arguments.has("device"))
    config.training.device = arguments.getChoice("device", "auto", {"auto", "cpu", "cuda"});
  if (arguments.has("init-from")) config.training.initFrom = arguments.get("init-from");
  if (arguments.has("init-partial")) config.training.initPartial = true;
  if (config.training.initPartial && config.training.initFrom.empty())
    throw UsageError("--init-partial needs --init-from MODEL.pt (or training.init_from)");
  if (config.data.empty())
    throw UsageError("no training data: give --data DIR (or 'data' in the configuration)");
  return config;
}

/// Creates the run folder or checks that it holds this same run (then training resumes).
void prepareRunFolder(const fs::path& run, const RunConfig& config) {
  const std::string text = config.toJson().dump(2) + "\n";
  const fs::path stored = run / "config.json";
  if (fs::exists(stored)) {
    if (readJsonFile(stored.string()) != config.toJson())
      throw image::InputError(run.string(),
                              "holds a run with another configuration; choose another --out");
    if (fs::exists(run / "model.pt"))
      throw image::InputError(run.string(), "holds a finished run (model.pt exists)");
    return;
  }
  std::error_code error;
  fs::create_directories(run, error);
  if (error)
    throw image::InputError(run.string(), "cannot create the run folder: " + error.message());
  writeTextAtomically(stored.string(), text);
}

std::vector<learn::TrainingVolume> prepareAll(const std::vector<segment::CaseFiles>& cases,
                                              const RunConfig& config, std::ostream& out) {
  std::vector<learn::TrainingVolume> volumes;
  for (const auto& files : cases) {
    volumes.push_back(
        segment::prepareCase(files, config.preprocess, config.training.network.classes));
    const auto& size = volumes.back().size;
    out << "prepared " << files.name << " (" << size[0] << "x" << size[1] << "x" << size[2] << ")\n"
        << std::flush;
  }
  return volumes;
}

void writeSplit(const fs::path& run, const std::vector<segment::CaseFiles>& training,
                const std::vector<segment::CaseFiles>& validation) {
  nlohmann::json split = {{"training", nlohmann::json::array()},
                          {"validation", nlohmann::json::array()}};
  for (const auto& files : training)
    split["training"].push_back(
        {{"name", files.name}, {"image", files.image}, {"label", files.label}, {"map", files.map}});
  for (const auto& files : validation)
    split["validation"].push_back(
        {{"name", files.name}, {"image", files.image}, {"label", files.label}, {"map", files.map}});
  writeTextAtomically((run / "split.json").string(), split.dump(2) + "\n");
}

}  // namespace

int runTrain(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const Arguments arguments(args,
                            {"config", "preset", "data", "case", "validate", "method", "out",
                             "epochs", "time-budget", "device", "seed", "init-from"},
                            {"init-partial"});
  arguments.expectPositionals(0, "only options");
  const fs::path run = arguments.require("out");
  RunConfig config = configFrom(arguments, args);
  const auto scheme = image::LabelScheme::builtin(config.scheme);
  config.training.network.classes = scheme.maxId() + 1;
  learn::chooseDevice(config.training.device);
  if (!config.training.initFrom.empty() && !fs::is_regular_file(config.training.initFrom))
    throw image::InputError(config.training.initFrom, "no such model file (--init-from)");
  const auto [trainCases, validationCases] =
      workflow::splitCases(workflow::listCases(config.data, scheme), config.validationFraction,
                           config.training.seed, config.validationCases);
  const auto training = prepareAll(trainCases, config, out);
  const auto validation = prepareAll(validationCases, config, out);
  NewRunFolder folder(run);
  prepareRunFolder(run, config);
  writeSplit(run, trainCases, validationCases);
  std::vector<std::string> organs;
  for (std::uint16_t id = 1; id <= scheme.maxId(); ++id) organs.push_back(scheme.nameOf(id));
  workflow::MetricsLog log((run / "metrics.jsonl").string(), organs, out);
  std::signal(SIGINT, onSignal);
  std::signal(SIGTERM, onSignal);
  const auto schemeFile = *resources::embeddedResource("label_schemes/" + config.scheme + ".json");
  const auto summary =
      learn::Trainer(config.training, run.string(), config.toJson().dump(), schemeFile)
          .train(training, validation, log, interrupted);
  folder.keep();
  if (summary.outcome == learn::TrainingOutcome::Cancelled) {
    err << "voxsiam: " << run.string()
        << ": training interrupted; run the same command again to resume\n";
    return 130;
  }
  out << "model: " << (run / "model.pt").string() << " (" << summary.epochsDone << " epochs"
      << (summary.outcome == learn::TrainingOutcome::OutOfTime ? ", stopped by the time budget"
                                                               : "")
      << ")\n";
  return 0;
}

}  // namespace voxsiam::cli
