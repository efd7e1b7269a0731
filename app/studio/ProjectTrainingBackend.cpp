#include "app/studio/ProjectTrainingBackend.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

#include "app/studio/HelperRanks.h"
#include "app/studio/ProjectComparison.h"
#include "app/studio/ProjectEmbedding.h"
#include "app/studio/ProjectPrediction.h"
#include "app/workflow/CaseSuggestion.h"
#include "app/workflow/Dataset.h"
#include "app/workflow/FreePort.h"
#include "app/workflow/Presets.h"
#include "app/workflow/RunConfig.h"
#include "core/image/InputError.h"
#include "core/learn/DistributedGroup.h"
#include "core/learn/Trainer.h"
#include "core/learn/TrainingMethods.h"
#include "core/segment/CasePreparation.h"
#include "core/segment/Segmenter.h"
#include "storage/Project.h"
#include "storage/StorageError.h"
#include "storage/repository/CaseRepository.h"
#include "storage/repository/LabelVersionRepository.h"
#include "storage/repository/ModelRepository.h"
#include "storage/repository/RunCases.h"
#include "storage/repository/TrainingRunRepository.h"
#include "storage/services/TrainableOrgans.h"

namespace voxsiam::studio {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

/// A run that takes seconds: to try the studio's training and for tests.
workflow::RunConfig configFor(const ui::TrainingRequest& request, const std::string& scheme) {
  workflow::RunConfig config = workflow::RunConfig::preset(request.preset);
  config.training.method = workflow::methodFromName(request.method);
  if (request.epochs > 0) config.training.epochs = request.epochs;
  if (request.timeBudgetSeconds > 0) config.training.timeBudgetSeconds = request.timeBudgetSeconds;
  config.training.device = request.device;
  config.validationFraction = request.validationFraction;
  config.scheme = scheme;
  config.training.network.classes = image::LabelScheme::builtin(scheme).maxId() + 1;
  // Data-parallel: every process trains at least one sample of each batch.
  config.training.batchSize = std::max<int64_t>(config.training.batchSize, request.processes);
  return config;
}

/// Training cases with their approved label versions, split reproducibly into training and
/// validation.
std::vector<storage::RunCase> chooseCases(storage::Project& project,
                                          const ui::TrainingRequest& request, uint64_t seed) {
  storage::repository::CaseRepository cases(project.connection());
  storage::repository::LabelVersionRepository versions(project.connection());
  std::vector<storage::RunCase> chosen;
  for (const long long caseId : request.caseIds) {
    const auto record = cases.get(caseId);
    const auto approved = storage::trainingVersion(versions, caseId, project.scheme());
    if (!approved)
      throw image::InputError(record.name, "has no approved labels (version or organ) to train on");
    chosen.push_back({caseId, record.name, approved->id, storage::CaseRole::Training});
  }
  if (chosen.empty())
    throw image::InputError(project.folder().string(), "no case chosen for training");
  std::mt19937_64 random(seed);
  std::shuffle(chosen.begin(), chosen.end(), random);
  const auto validation = std::min<std::size_t>(
      chosen.size() - 1,
      std::size_t(std::lround(request.validationFraction * double(chosen.size()))));
  for (std::size_t index = chosen.size() - validation; index < chosen.size(); ++index) {
    chosen[index].role = storage::CaseRole::Validation;
  }
  return chosen;
}

/// Starting from model `parentId`: the run takes the parent's network, preprocessing and feature
/// layers, so that every weight fits, and loads its weights (path relative to the project)
/// before the first step; the preset still gives the schedule (learning rate, epochs, budget).
void startFromModel(storage::Project& project, long long parentId, workflow::RunConfig& config) {
  const auto parent = storage::repository::ModelRepository(project.connection()).get(parentId);
  const std::string origin = "model " + std::to_string(parentId);
  const json parentRun = json::parse(parent.config, nullptr, false);
  if (!parentRun.is_object() || !parentRun.contains("config"))
    throw image::InputError(origin, "has no stored configuration to start a run from");
  const auto inherited = workflow::RunConfig::fromJson(parentRun.at("config"), origin);
  config.preprocess = inherited.preprocess;
  config.training.network = inherited.training.network;
  config.training.featureLayers = inherited.training.featureLayers;
  config.training.layerWeights = inherited.training.layerWeights;
  config.training.hidden = inherited.training.hidden;
  config.training.initFrom = parent.checkpoint;
}

/// A run's model file to start from, found in the project folder (stored relative to it, so a
/// moved project still resumes).
void locateStartingModel(storage::Project& project, const json& run, workflow::RunConfig& config) {
  if (run.value("started_from_parent", false) && !config.training.initFrom.empty())
    config.training.initFrom = (project.folder() / config.training.initFrom).string();
}

std::string newRunFolder() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return "runs/run-" +
         std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(now).count());
}

/// Passes progress on and records each epoch's metrics with the run.
class RecordingObserver : public learn::TrainingObserver {
 public:
  RecordingObserver(storage::Project& project, long long runId, learn::TrainingObserver& next,
                    std::vector<std::string> organs)
      : project_(project), runId_(runId), next_(next), organs_(std::move(organs)) {}
  void onStep(const learn::StepReport& step) override { next_.onStep(step); }
  void onEpoch(const learn::EpochReport& epoch) override {
    json dice = json::object();
    for (std::size_t organ = 0; organ < epoch.validationDice.size() && organ < organs_.size();
         ++organ) {
      const double value = epoch.validationDice[organ];
      dice[organs_[organ]] = std::isnan(value) ? json(nullptr) : json(value);
    }
    lastDice_ = dice;
    storage::repository::TrainingRunRepository(project_.connection())
        .addEpoch(runId_, int(epoch.epoch),
                  json{{"dice_loss", epoch.meanDiceLoss},
                       {"feature_loss", epoch.meanFeatureLoss},
                       {"validation_dice", dice},
                       {"seconds", epoch.seconds}}
                      .dump());
    next_.onEpoch(epoch);
  }
  void onMessage(const std::string& message) override { next_.onMessage(message); }
  const json& lastDice() const { return lastDice_; }

 private:
  storage::Project& project_;
  long long runId_;
  learn::TrainingObserver& next_;
  std::vector<std::string> organs_;
  json lastDice_ = json::object();
};

std::vector<learn::TrainingVolume> loadVolumes(storage::Project& project,
                                               const std::vector<storage::RunCase>& cases,
                                               storage::CaseRole role,
                                               const image::PreprocessOptions& options) {
  storage::repository::CaseRepository records(project.connection());
  storage::repository::LabelVersionRepository versions(project.connection());
  const image::LabelScheme scheme = project.scheme();
  std::vector<learn::TrainingVolume> volumes;
  for (const auto& entry : cases) {
    if (entry.role != role) continue;
    const auto record = records.get(entry.caseId);
    const auto image = project.volumes().load(record.imageHash);
    const auto labels = versions.load(entry.labelVersionId);
    volumes.push_back(segment::prepareVolume(record.name, image, labels, options));
    const auto organs = storage::trainableOrgans(
        versions.info(entry.labelVersionId), versions.organReviews(entry.labelVersionId), scheme);
    volumes.back().annotated = storage::annotationFlags(organs, scheme);
  }
  return volumes;
}

long long registerModel(storage::Project& project, long long runId, const json& run,
                        const fs::path& runFolder, const json& dice) {
  storage::repository::ModelRecord model;
  model.runId = runId;
  if (!run.at("parent_model").is_null()) model.parentId = run.at("parent_model").get<long long>();
  model.name =
      "run " + std::to_string(runId) + " · " + run.at("config").at("method").get<std::string>();
  model.checkpoint = project.storeModelFile(runFolder / "model.pt");
  model.config = run.dump();
  double sum = 0;
  int count = 0;
  for (const auto& [organ, value] : dice.items()) {
    if (value.is_number()) sum += value.get<double>(), ++count;
  }
  model.metrics = json{{"validation_dice", dice},
                       {"mean_validation_dice", count ? json(sum / count) : json(nullptr)}}
                      .dump();
  const long long id = storage::repository::ModelRepository(project.connection()).add(model);
  if (!project.activeModelId()) project.setActiveModel(id);
  return id;
}

/// What one run trains on: its stored description, configuration and prepared cases.
struct RunInputs {
  json run;
  workflow::RunConfig config;
  std::vector<learn::TrainingVolume> training, validation;
};

RunInputs loadRunInputs(storage::Project& project,
                        const storage::repository::TrainingRunRecord& record) {
  RunInputs inputs;
  inputs.run = json::parse(record.config);
  inputs.config = workflow::RunConfig::fromJson(inputs.run.at("config"), record.folder);
  const auto cases = storage::runCasesOf(record.config, record.folder);
  inputs.training =
      loadVolumes(project, cases, storage::CaseRole::Training, inputs.config.preprocess);
  inputs.validation =
      loadVolumes(project, cases, storage::CaseRole::Validation, inputs.config.preprocess);
  return inputs;
}

/// The rendezvous of a run's `processes` ranks on this machine (rank 0: the studio).
learn::DistributedSettings localRanks(int processes) {
  learn::DistributedSettings settings;
  settings.worldSize = settings.localWorldSize = processes;
  settings.masterPort = workflow::freeTcpPort();
  return settings;
}

}  // namespace

ProjectTrainingBackend::ProjectTrainingBackend(std::string projectFolder)
    : folder_(std::move(projectFolder)),
      helperProgram_(fs::read_symlink("/proc/self/exe").string()) {}

void ProjectTrainingBackend::useHelperProgram(std::string program) {
  helperProgram_ = std::move(program);
}

std::vector<ui::NamedChoice> ProjectTrainingBackend::methods() {
  std::vector<ui::NamedChoice> choices;
  for (const auto& method : learn::trainingMethods())
    choices.push_back({method.name, method.title});
  return choices;
}

std::vector<ui::NamedChoice> ProjectTrainingBackend::presets() {
  std::vector<ui::NamedChoice> choices;
  for (const auto& preset : workflow::presetCatalogue())
    choices.push_back({preset.name, preset.title});
  return choices;
}

std::string ProjectTrainingBackend::device() {
  return learn::chooseDevice("auto");
}

int ProjectTrainingBackend::gpus() {
  return learn::cudaDeviceCount();
}

long long ProjectTrainingBackend::createRun(const ui::TrainingRequest& request) {
  storage::Project project(folder_);
  workflow::RunConfig config = configFor(request, project.scheme().name());
  const bool startsFromParent = request.startFromParent && request.parentModelId;
  if (startsFromParent) startFromModel(project, *request.parentModelId, config);
  const json run = {
      {"config", config.toJson()},
      {"cases", storage::runCasesJson(chooseCases(project, request, config.training.seed))},
      {"parent_model", request.parentModelId ? json(*request.parentModelId) : json(nullptr)},
      {"started_from_parent", startsFromParent},
      {"preset", request.preset},
      {"processes", std::max(1, request.processes)}};
  const std::string folder = newRunFolder();
  fs::create_directories(project.folder() / folder);
  std::ofstream(project.folder() / folder / "config.json") << run.dump(2) << "\n";
  const std::string name =
      request.preset + " · " + request.method +
      (startsFromParent ? " · from model " + std::to_string(*request.parentModelId) : "");
  return storage::repository::TrainingRunRepository(project.connection())
      .add(name, run.dump(), folder);
}

ui::TrainingResult ProjectTrainingBackend::train(long long runId, learn::TrainingObserver& observer,
                                                 const std::atomic<bool>& cancel) {
  storage::Project project(folder_);
  storage::repository::TrainingRunRepository runs(project.connection());
  const auto record = runs.get(runId);
  try {
    auto [run, config, training, validation] = loadRunInputs(project, record);
    locateStartingModel(project, run, config);
    const auto scheme = project.scheme();
    std::vector<std::string> organs;
    for (std::uint16_t id = 1; id <= scheme.maxId(); ++id) organs.push_back(scheme.nameOf(id));
    RecordingObserver recorder(project, runId, observer, organs);
    runs.setState(runId, storage::RunState::Running);
    const fs::path runFolder = project.folder() / record.folder;
    const int processes = run.value("processes", 1);
    std::unique_ptr<HelperRanks> helpers;
    std::unique_ptr<learn::DistributedGroup> group;
    if (processes > 1) {  // a port is looked up only for a data-parallel run
      const auto ranks = localRanks(processes);
      helpers = std::make_unique<HelperRanks>(helperProgram_, folder_, runId, ranks);
      group = std::make_unique<learn::DistributedGroup>(ranks);
    }
    learn::Trainer trainer(config.training, runFolder.string(), config.toJson().dump(),
                           scheme.toJson());
    trainer.useGroup(group.get());
    const auto summary = trainer.train(training, validation, recorder, cancel);
    if (summary.outcome == learn::TrainingOutcome::Cancelled) {
      runs.setState(runId, storage::RunState::Cancelled);
      return {storage::RunState::Cancelled, std::nullopt,
              "stopped after epoch " + std::to_string(summary.epochsDone)};
    }
    const long long modelId = registerModel(project, runId, run, runFolder, recorder.lastDice());
    runs.setState(runId, storage::RunState::Finished);
    return {storage::RunState::Finished, modelId,
            "model " + std::to_string(modelId) + " on " + summary.device};
  } catch (const std::exception& error) {
    runs.setState(runId, storage::RunState::Failed);
    return {storage::RunState::Failed, std::nullopt, error.what()};
  }
}

void ProjectTrainingBackend::trainAsHelperRank(long long runId, const std::atomic<bool>& cancel) {
  storage::Project project(folder_);
  const auto record = storage::repository::TrainingRunRepository(project.connection()).get(runId);
  const auto [run, config, training, validation] = loadRunInputs(project, record);
  const auto settings = learn::DistributedSettings::fromEnvironment();
  if (settings.rank == 0) throw std::invalid_argument("a helper rank needs RANK > 0");
  learn::DistributedGroup group(settings);
  learn::Trainer trainer(config.training, (project.folder() / record.folder).string(),
                         config.toJson().dump(), project.scheme().toJson());
  trainer.useGroup(&group);
  learn::TrainingObserver silent;
  trainer.train(training, validation, silent, cancel);
}

long long ProjectTrainingBackend::predict(long long modelId, long long caseId) {
  return predictIntoProject(folder_, modelId, caseId);
}

ui::ModelSegmentation ProjectTrainingBackend::segmentCase(long long modelId, long long caseId) {
  auto result = segmentCaseInProject(folder_, modelId, caseId);
  return {std::move(result.labels), std::move(result.uncertainty)};
}

long long ProjectTrainingBackend::embed(const ui::EmbeddingRequest& request,
                                        const std::function<void(const std::string&)>& progress,
                                        const std::atomic<bool>& cancel) {
  return embedIntoProject(folder_, request, progress, cancel);
}

ui::GateReport ProjectTrainingBackend::compareModels(long long activeModel, long long newModel,
                                                     const std::atomic<bool>& cancel) {
  return compareInProject(folder_, activeModel, newModel, cancel);
}

std::vector<ui::LabelSuggestion> ProjectTrainingBackend::suggestCases(
    long long modelId, std::size_t count, const std::function<void(const std::string&)>& progress,
    const std::atomic<bool>& cancel) {
  storage::Project project(folder_);
  const auto model = storage::repository::ModelRepository(project.connection()).get(modelId);
  const segment::Segmenter segmenter((project.folder() / model.checkpoint).string(), "auto");
  const auto ranked =
      workflow::suggestCases(project, segmenter, count, [&](const std::string& line) {
        if (cancel) throw std::runtime_error("suggestion cancelled");
        progress(line);
      });
  std::vector<ui::LabelSuggestion> suggestions;
  for (const auto& entry : ranked)
    suggestions.push_back(
        {entry.caseId, entry.name, entry.uncertainty, entry.novelty, entry.reason});
  return suggestions;
}

std::vector<long long> ProjectTrainingBackend::resumableRuns() {
  storage::Project project(folder_);
  std::vector<long long> resumable;
  for (const auto& run : storage::repository::TrainingRunRepository(project.connection()).list()) {
    const bool interrupted = !storage::hasEnded(run.state);
    if (interrupted && fs::exists(project.folder() / run.folder / "checkpoints" / "last.pt")) {
      resumable.insert(resumable.begin(), run.id);
    }
  }
  return resumable;
}

void ProjectTrainingBackend::markResumable(long long runId) {
  storage::Project project(folder_);
  storage::repository::TrainingRunRepository(project.connection())
      .setState(runId, storage::RunState::Queued);
}

}  // namespace voxsiam::studio
