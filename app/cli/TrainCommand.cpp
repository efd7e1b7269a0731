#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <memory>
#include <optional>
#include <sstream>

#include "app/cli/Arguments.h"
#include "app/cli/AtomicFile.h"
#include "app/cli/Commands.h"
#include "app/cli/NewRunFolder.h"
#include "app/cli/RankLauncher.h"
#include "app/cli/UsageError.h"
#include "app/workflow/Dataset.h"
#include "app/workflow/MetricsLog.h"
#include "app/workflow/RunConfig.h"
#include "core/image/InputError.h"
#include "core/image/LabelScheme.h"
#include "core/image/StrictJson.h"
#include "core/learn/DistributedGroup.h"
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

/// `args` without the launcher's options (--nproc, --nnodes, --node-rank and their values).
std::vector<std::string> withoutLauncherOptions(const std::vector<std::string>& args) {
  std::vector<std::string> kept;
  for (std::size_t index = 0; index < args.size(); ++index) {
    const std::string& arg = args[index];
    if (arg == "--nproc" || arg == "--nnodes" || arg == "--node-rank") {
      ++index;
      continue;
    }
    if (arg.rfind("--nproc=", 0) == 0 || arg.rfind("--nnodes=", 0) == 0 ||
        arg.rfind("--node-rank=", 0) == 0)
      continue;
    kept.push_back(arg);
  }
  return kept;
}

/// The launcher's plan from --nproc, --nnodes and --node-rank; processes 1 on one machine: no
/// launch. With CUDA, one process per GPU at most.
RankPlan rankPlan(const Arguments& arguments, const RunConfig& config) {
  RankPlan plan;
  plan.processes = int(arguments.getInt("nproc", 1, 1, 1024));
  plan.machines = int(arguments.getInt("nnodes", 1, 1, 1024));
  plan.machineIndex = int(arguments.getInt("node-rank", 0, 0, plan.machines - 1));
  plan.runFolder = arguments.require("out");
  const int gpus = learn::cudaDeviceCount();
  if (learn::chooseDevice(config.training.device) == "cuda" && plan.processes > gpus)
    throw UsageError("--nproc " + std::to_string(plan.processes) + " but LibTorch sees " +
                     std::to_string(gpus) + " GPU(s): one process per GPU");
  if (plan.processes * plan.machines > config.training.batchSize)
    throw UsageError("a batch of " + std::to_string(config.training.batchSize) +
                     " samples cannot be shared by " +
                     std::to_string(plan.processes * plan.machines) +
                     " processes: use a batch size of at least the process count");
  return plan;
}

/// Writes the run folder's configuration and split (rank 0) and returns the metrics log.
std::unique_ptr<learn::TrainingObserver> startRunFolder(
    const fs::path& run, const RunConfig& config,
    const std::pair<std::vector<segment::CaseFiles>, std::vector<segment::CaseFiles>>& split,
    const image::LabelScheme& scheme, std::ostream& out) {
  prepareRunFolder(run, config);
  writeSplit(run, split.first, split.second);
  std::vector<std::string> organs;
  for (std::uint16_t id = 1; id <= scheme.maxId(); ++id) organs.push_back(scheme.nameOf(id));
  return std::make_unique<workflow::MetricsLog>((run / "metrics.jsonl").string(), organs, out);
}

}  // namespace

int runTrain(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const Arguments arguments(
      args,
      {"config", "preset", "data", "case", "validate", "method", "out", "epochs", "time-budget",
       "device", "seed", "init-from", "nproc", "nnodes", "node-rank"},
      {"init-partial"});
  arguments.expectPositionals(0, "only options");
  const fs::path run = arguments.require("out");
  RunConfig config = configFrom(arguments, args);
  if (arguments.has("nproc") || arguments.has("nnodes")) {
    const RankPlan plan = rankPlan(arguments, config);
    if (plan.processes * plan.machines > 1)
      return launchRanks(plan, withoutLauncherOptions(args), out, err);
  }
  // One rank of a data-parallel run (torchrun's variables) or a single process; rank 0 alone
  // prints, writes the run folder and the metrics.
  const auto settings = learn::DistributedSettings::fromEnvironment();
  const bool leader = settings.rank == 0;
  std::ostringstream dropped;
  std::ostream& said = leader ? out : dropped;
  const auto scheme = image::LabelScheme::builtin(config.scheme);
  config.training.network.classes = scheme.maxId() + 1;
  learn::chooseDevice(config.training.device);
  if (leader && !config.training.initFrom.empty() && !fs::is_regular_file(config.training.initFrom))
    throw image::InputError(config.training.initFrom, "no such model file (--init-from)");
  const auto [trainCases, validationCases] =
      workflow::splitCases(workflow::listCases(config.data, scheme), config.validationFraction,
                           config.training.seed, config.validationCases);
  const auto training = prepareAll(trainCases, config, said);
  const auto validation = prepareAll(validationCases, config, said);
  std::optional<NewRunFolder> folder;
  std::unique_ptr<learn::TrainingObserver> observer = std::make_unique<learn::TrainingObserver>();
  if (leader) {
    folder.emplace(run);
    observer = startRunFolder(run, config, {trainCases, validationCases}, scheme, out);
  }
  std::signal(SIGINT, onSignal);
  std::signal(SIGTERM, onSignal);
  std::unique_ptr<learn::DistributedGroup> group;
  if (settings.distributed()) group = std::make_unique<learn::DistributedGroup>(settings);
  const auto schemeFile = *resources::embeddedResource("label_schemes/" + config.scheme + ".json");
  learn::Trainer trainer(config.training, run.string(), config.toJson().dump(), schemeFile);
  trainer.useGroup(group.get());
  const auto summary = trainer.train(training, validation, *observer, interrupted);
  if (folder) folder->keep();
  if (!leader) return summary.outcome == learn::TrainingOutcome::Cancelled ? 130 : 0;
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
