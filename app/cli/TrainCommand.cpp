#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

#include "app/cli/Arguments.h"
#include "app/cli/AtomicFile.h"
#include "app/cli/Commands.h"
#include "app/cli/NewRunFolder.h"
#include "app/cli/RankLauncher.h"
#include "app/cli/RunFolderLock.h"
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
std::atomic<int> signalled{0};

void onSignal(int signal) {
  signalled.store(signal);
  interrupted.store(true);
}

/// In a data-parallel rank an interrupt may come while the process waits for the other ranks
/// (the rendezvous, a collective), where the cancel flag is not looked at: 10 s after it, if the
/// run has not ended by itself, this ends the process with one line.
class InterruptWatchdog {
 public:
  InterruptWatchdog(bool active, std::string runFolder) {
    if (!active) return;
    thread_ = std::thread([this, runFolder = std::move(runFolder)] {
      std::chrono::steady_clock::time_point noticed{};
      while (!done_.load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (!interrupted.load()) continue;
        const auto now = std::chrono::steady_clock::now();
        if (noticed == std::chrono::steady_clock::time_point{}) noticed = now;
        if (now - noticed < std::chrono::seconds(10)) continue;
        std::fprintf(stderr,
                     "voxsiam: %s: interrupted while waiting for the other ranks; run the same "
                     "command again to resume\n",
                     runFolder.c_str());
        std::_Exit(128 + signalled.load());
      }
    });
  }
  InterruptWatchdog(const InterruptWatchdog&) = delete;
  InterruptWatchdog& operator=(const InterruptWatchdog&) = delete;
  ~InterruptWatchdog() {
    done_.store(true);
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::atomic<bool> done_{false};
  std::thread thread_;
};

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
  if (arguments.has("batch-size"))
    config.training.batchSize = arguments.getInt("batch-size", 1, 1, 4096);
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
  if (plan.machines > 1 && (!std::getenv("MASTER_ADDR") || !std::getenv("MASTER_PORT")))
    throw UsageError("--nnodes " + std::to_string(plan.machines) +
                     " needs MASTER_ADDR and MASTER_PORT: the address and a free port of the "
                     "machine with --node-rank 0, the same on every machine");
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

/// What rank 0 holds while it trains: the run folder (removed when refused before a
/// checkpoint), its lock and the metrics log.
struct RunFolderFiles {
  std::optional<NewRunFolder> folder;
  std::optional<RunFolderLock> lock;
  std::unique_ptr<learn::TrainingObserver> log;
};

/// Writes the run folder's configuration and split (rank 0) and opens the metrics log.
void startRunFolder(
    RunFolderFiles& files, const fs::path& run, const RunConfig& config,
    const std::pair<std::vector<segment::CaseFiles>, std::vector<segment::CaseFiles>>& split,
    const image::LabelScheme& scheme, std::ostream& out) {
  files.folder.emplace(run);
  prepareRunFolder(run, config);
  files.lock.emplace(run);
  writeSplit(run, split.first, split.second);
  std::vector<std::string> organs;
  for (std::uint16_t id = 1; id <= scheme.maxId(); ++id) organs.push_back(scheme.nameOf(id));
  files.log = std::make_unique<workflow::MetricsLog>((run / "metrics.jsonl").string(), organs, out);
}

/// This process's place in a data-parallel run from torchrun's variables (a malformed one is a
/// usage error, not the configuration's).
learn::DistributedSettings rankSettings() {
  try {
    return learn::DistributedSettings::fromEnvironment();
  } catch (const std::invalid_argument& error) {
    throw UsageError(std::string("environment: ") + error.what());
  }
}

/// `lost` with the resume hint when the run folder holds a checkpoint.
image::InputError lostRankError(const fs::path& run, const learn::RankLost& lost) {
  std::error_code ignored;
  const bool resumable = fs::exists(run / "checkpoints" / "last.pt", ignored);
  return image::InputError(run.string(),
                           std::string(lost.what()) +
                               (resumable ? "; run the same command again to resume from the last "
                                            "checkpoint"
                                          : ""));
}

/// Trains here: a single process or one rank of a data-parallel run (rank 0 alone prints,
/// writes the run folder and the metrics). Returns the exit code.
int trainHere(RunConfig config, const fs::path& run, std::ostream& out, std::ostream& err) {
  const auto settings = rankSettings();
  const bool leader = settings.rank == 0;
  std::ostringstream dropped;
  std::ostream& said = leader ? out : dropped;
  const auto scheme = image::LabelScheme::builtin(config.scheme);
  config.training.network.classes = scheme.maxId() + 1;
  learn::chooseDevice(config.training.device);
  if (leader && !config.training.initFrom.empty() && !fs::is_regular_file(config.training.initFrom))
    throw image::InputError(config.training.initFrom, "no such model file (--init-from)");
  const auto split =
      workflow::splitCases(workflow::listCases(config.data, scheme), config.validationFraction,
                           config.training.seed, config.validationCases);
  const auto training = prepareAll(split.first, config, said);
  const auto validation = prepareAll(split.second, config, said);
  std::signal(SIGINT, onSignal);
  std::signal(SIGTERM, onSignal);
  const InterruptWatchdog watchdog(settings.distributed(), run.string());
  std::unique_ptr<learn::DistributedGroup> group;  // joined before rank 0 writes anything
  if (settings.distributed()) group = std::make_unique<learn::DistributedGroup>(settings);
  RunFolderFiles files;
  if (leader) startRunFolder(files, run, config, split, scheme, out);
  learn::TrainingObserver silent;
  const auto schemeFile = *resources::embeddedResource("label_schemes/" + config.scheme + ".json");
  learn::Trainer trainer(config.training, run.string(), config.toJson().dump(), schemeFile);
  trainer.useGroup(group.get());
  learn::TrainingSummary summary;
  try {
    summary = trainer.train(training, validation, files.log ? *files.log : silent, interrupted);
  } catch (const learn::RankLost& lost) {
    if (files.folder) files.folder->keep();
    throw lostRankError(run, lost);
  }
  if (files.folder) files.folder->keep();
  if (summary.outcome == learn::TrainingOutcome::Cancelled) {
    if (leader)
      err << "voxsiam: " << run.string()
          << ": training interrupted; run the same command again to resume\n";
    return 128 + (signalled.load() ? signalled.load() : SIGINT);
  }
  if (leader)
    out << "model: " << (run / "model.pt").string() << " (" << summary.epochsDone << " epochs"
        << (summary.outcome == learn::TrainingOutcome::OutOfTime ? ", stopped by the time budget"
                                                                 : "")
        << ")\n";
  return 0;
}

}  // namespace

int runTrain(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const Arguments arguments(
      args,
      {"config", "preset", "data", "case", "validate", "method", "out", "epochs", "time-budget",
       "device", "seed", "init-from", "batch-size", "nproc", "nnodes", "node-rank"},
      {"init-partial"});
  arguments.expectPositionals(0, "only options");
  const fs::path run = arguments.require("out");
  RunConfig config = configFrom(arguments, args);
  if (arguments.has("node-rank") && !arguments.has("nnodes"))
    throw UsageError("--node-rank needs --nnodes (the number of machines)");
  if (arguments.has("nproc") || arguments.has("nnodes")) {
    const RankPlan plan = rankPlan(arguments, config);
    if (plan.processes * plan.machines > 1)
      return launchRanks(plan, withoutLauncherOptions(args), out, err);
  }
  return trainHere(std::move(config), run, out, err);
}

}  // namespace voxsiam::cli
