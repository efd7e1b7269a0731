#include "core/learn/Trainer.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <random>
#include <sstream>
#include <thread>

#include "core/learn/Autocast.h"
#include "core/learn/BatchSource.h"
#include "core/learn/Calibration.h"
#include "core/learn/FeatureObjective.h"
#include "core/learn/GridTensor.h"
#include "core/learn/Inference.h"
#include "core/learn/InitialWeights.h"
#include "core/learn/Losses.h"
#include "core/learn/MemoryEstimate.h"
#include "core/learn/ModelArchive.h"
#include "core/learn/RankAgreement.h"
#include "core/learn/TorchError.h"
#include "core/learn/TrainingMethods.h"
#include "core/learn/TrainingState.h"
#include "core/learn/Validation.h"

namespace voxsiam::learn {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void checkConfig(const TrainingConfig& config, const std::vector<TrainingVolume>& training) {
  if (training.empty()) throw std::invalid_argument("no training volumes");
  const int64_t factor = int64_t{1} << (config.network.levels - 1);
  for (int axis = 0; axis < 3 && config.patches; ++axis)
    if (config.patchSize[axis] % factor != 0)
      throw std::invalid_argument("patch size must be divisible by " + std::to_string(factor));
  for (const auto& volume : training) {
    for (int axis = 0; axis < 3; ++axis)
      if (!(volume.spacing[axis] > 0) || !std::isfinite(volume.spacing[axis]))
        throw std::invalid_argument("voxel spacing of " + volume.name +
                                    " must be positive and finite");
    for (int axis = 0; axis < 3 && !config.patches; ++axis)
      if (volume.size[axis] % factor != 0)
        throw std::invalid_argument("grid size of " + volume.name + " must be divisible by " +
                                    std::to_string(factor));
  }
}

/// A seed for random stream `stream` of step (`epoch`, `index`), mixed with SplitMix64: batches
/// and augmentation (stream 1) and the voxel sampler (stream 2) never share a generator, so runs
/// that differ only in method, precision or loss see the same batches.
uint64_t streamSeed(uint64_t seed, int64_t epoch, int64_t index, uint64_t stream) {
  uint64_t state = seed;
  for (const uint64_t part : {uint64_t(epoch), uint64_t(index), stream}) {
    state += 0x9e3779b97f4a7c15ull + part;
    state = (state ^ (state >> 30)) * 0xbf58476d1ce4e5b9ull;
    state = (state ^ (state >> 27)) * 0x94d049bb133111ebull;
    state ^= state >> 31;
  }
  return state;
}

/// FNV-1a of the bytes of a batch's images and labels.
uint64_t batchHash(const Batch& batch) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (const auto& tensor : {batch.images.contiguous(), batch.labels.contiguous()}) {
    const auto* bytes = static_cast<const unsigned char*>(tensor.data_ptr());
    for (std::size_t k = 0; k < tensor.nbytes(); ++k) hash = (hash ^ bytes[k]) * 0x100000001b3ull;
  }
  return hash;
}

/// The largest block a training step sees: the patch, or the largest whole volume.
std::array<int64_t, 3> largestBlock(const TrainingConfig& config,
                                    const std::vector<TrainingVolume>& training) {
  if (config.patches) return config.patchSize;
  std::array<int64_t, 3> block{0, 0, 0};
  for (const auto& volume : training)
    if (volume.size[0] * volume.size[1] * volume.size[2] > block[0] * block[1] * block[2])
      block = volume.size;
  return block;
}

}  // namespace

struct Trainer::Impl {
  TrainingConfig config;
  fs::path runDir;
  std::string configJson, schemeJson;
  torch::Device device{torch::kCPU};
  UNet3D model{nullptr};
  FeatureObjective objective{nullptr};
  std::unique_ptr<torch::optim::Adam> optimizer;
  int64_t nextEpoch = 0;
  double elapsedBefore = 0;
  double temperature = 1.0;
  RankAgreement ranks;  ///< this process's part in a data-parallel run (or alone)

  bool leader() const { return ranks.leader(); }
  /// Checks, builds, restores or shares the starting state and announces the run.
  void prepare(const std::vector<TrainingVolume>& training, TrainingObserver& observer);
  /// Trains epoch `epoch` (steps, validation, checkpoint); false when cancelled mid-epoch.
  /// `stoppedEarly` becomes true when the time budget ends the run.
  bool trainEpoch(int64_t epoch, int64_t steps, BatchSource& source,
                  const std::vector<TrainingVolume>& validation, TrainingObserver& observer,
                  const std::atomic<bool>& cancel, Clock::time_point start, bool& stoppedEarly,
                  TrainingSummary& summary);
  bool outOfTime(Clock::time_point start) const;
  void build();
  /// Rank 0's state (resumed, started from a model or fresh) on every rank.
  void shareLeaderState();
  TrainingParts parts() { return {*model, objective ? objective.get() : nullptr, *optimizer}; }
  /// Sums the U-Net's gradients and averages the feature heads' over the ranks.
  void sumGradients();
  void resume(TrainingObserver& observer);
  void startFromModel(TrainingObserver& observer);
  void saveFinalModel();
  void saveCheckpoint(int64_t epochsDone, double elapsed);
  void setLearningRate(double progress);
  StepReport step(BatchSource& source, int64_t epoch, int64_t index, int64_t steps);
  double featureWeightAt(int64_t globalStep, int64_t totalSteps) const;
  std::vector<double> encoderGradientNorms(const torch::Tensor& loss);
  std::vector<double> validate(const std::vector<TrainingVolume>& volumes);
  /// Fits the softmax temperature on the validation cases' voxels and reports the calibration.
  void calibrate(const std::vector<TrainingVolume>& volumes, TrainingObserver& observer);
  fs::path checkpointPath() const { return runDir / "checkpoints" / "last.pt"; }
};

void Trainer::Impl::build() {
  device = torch::Device(chooseDevice(config.device));
  if (device.is_cuda() && ranks.distributed())
    device = torch::Device(
        torch::kCUDA, static_cast<c10::DeviceIndex>(
                          ranks.localRank() % std::max<int64_t>(1, torch::cuda::device_count())));
  useCpuThreads(config.threads, ranks.localSize());
  torch::manual_seed(config.seed);
  // Shapes repeat every step, so let cuDNN pick its fastest convolution algorithms once.
  if (device.is_cuda()) at::globalContext().setBenchmarkCuDNN(true);
  model = UNet3D(config.network);
  model->to(device);
  std::vector<torch::Tensor> parameters = model->parameters();
  const MethodInfo* method = findMethod(config.method);
  if (!method) throw std::invalid_argument("unknown training method '" + config.method + "'");
  if (method->featureLoss) {
    objective = FeatureObjective(config, *model);
    objective->to(device);
    for (const auto& parameter : objective->parameters()) parameters.push_back(parameter);
  }
  optimizer = std::make_unique<torch::optim::Adam>(
      parameters, torch::optim::AdamOptions(config.learningRate).weight_decay(config.weightDecay));
}

void Trainer::Impl::saveCheckpoint(int64_t epochsDone, double elapsed) {
  if (!leader()) return;
  fs::create_directories(checkpointPath().parent_path());
  auto archive = stateArchive(parts(), {epochsDone, elapsed}, configJson);
  const fs::path temp = checkpointPath().string() + ".partial";
  archive.save_to(temp.string());
  fs::rename(temp, checkpointPath());
}

void Trainer::Impl::resume(TrainingObserver& observer) {
  if (!leader() || !fs::exists(checkpointPath())) return;
  torch::serialize::InputArchive archive;
  archive.load_from(checkpointPath().string(), device);
  const auto progress = loadState(archive, parts());
  nextEpoch = progress.epochsDone, elapsedBefore = progress.elapsed;
  observer.onMessage("resumed from " + checkpointPath().string() + " after epoch " +
                     std::to_string(nextEpoch));
}

void Trainer::Impl::shareLeaderState() {
  const auto progress =
      learn::shareLeaderState(parts(), {nextEpoch, elapsedBefore}, configJson, ranks, device);
  nextEpoch = progress.epochsDone, elapsedBefore = progress.elapsed;
}

void Trainer::Impl::sumGradients() {
  if (!ranks.distributed()) return;
  std::vector<torch::Tensor> gradients;
  for (const auto& parameter : model->parameters())
    if (parameter.grad().defined()) gradients.push_back(parameter.grad());
  if (objective) {
    for (const auto& parameter : objective->parameters()) {
      if (!parameter.grad().defined()) continue;
      parameter.mutable_grad().div_(ranks.size());  // every rank holds the heads' whole gradient
      gradients.push_back(parameter.grad());
    }
  }
  ranks.sum(gradients);
}

void Trainer::Impl::startFromModel(TrainingObserver& observer) {
  if (!leader() || nextEpoch > 0 || config.initFrom.empty())
    return;  // a resumed run has its own weights
  const InitialisationReport report =
      initialiseFrom(config.initFrom, {config.network, schemeJson}, *model,
                     objective ? objective.get() : nullptr, device, config.initPartial);
  observer.onMessage(report.summary(config.initFrom));
}

void Trainer::Impl::saveFinalModel() {
  const InferenceSettings inference{config.patches, config.patchSize, config.slidingOverlap,
                                    config.bf16};
  std::vector<Projector> projectors;
  if (objective) {
    for (std::size_t layer = 0; layer < config.featureLayers.size(); ++layer)
      projectors.push_back({config.featureLayers[layer], objective->heads[layer]});
  }
  saveModel((runDir / "model.pt").string(), model,
            {config.network, inference, configJson, schemeJson, temperature}, projectors);
}

void Trainer::Impl::setLearningRate(double progress) {
  const double rate =
      config.learningRate * std::pow(std::max(0.0, 1.0 - progress), config.polyPower);
  for (auto& group : optimizer->param_groups())
    static_cast<torch::optim::AdamOptions&>(group.options()).lr(rate);
}

double Trainer::Impl::featureWeightAt(int64_t globalStep, int64_t totalSteps) const {
  if (config.warmup <= 0) return config.lambda;
  const double off = config.warmup * double(totalSteps);
  return config.lambda * std::clamp((double(globalStep) - off) / std::max(off, 1.0), 0.0, 1.0);
}

std::vector<double> Trainer::Impl::encoderGradientNorms(const torch::Tensor& loss) {
  std::vector<torch::Tensor> parameters;
  std::vector<std::size_t> levelEnds;
  for (const auto& encoder : model->encoders) {
    for (const auto& parameter : encoder->parameters()) parameters.push_back(parameter);
    levelEnds.push_back(parameters.size());
  }
  if (!loss.requires_grad()) return std::vector<double>(levelEnds.size(), 0.0);
  auto gradients = torch::autograd::grad({loss}, parameters, {}, /*retain_graph=*/true,
                                         /*create_graph=*/false, /*allow_unused=*/true);
  std::vector<torch::Tensor> defined;
  for (auto& gradient : gradients)
    if (gradient.defined()) defined.push_back(gradient);
  ranks.sum(defined);  // each rank's loss reaches only its own samples
  std::vector<double> norms;
  std::size_t begin = 0;
  for (const std::size_t end : levelEnds) {
    double squared = 0;
    for (std::size_t k = begin; k < end; ++k)
      if (gradients[k].defined())
        squared += gradients[k].to(torch::kDouble).pow(2).sum().item<double>();
    norms.push_back(std::sqrt(squared));
    begin = end;
  }
  return norms;
}

StepReport Trainer::Impl::step(BatchSource& source, int64_t epoch, int64_t index, int64_t steps) {
  const auto start = Clock::now();
  model->train();
  if (objective) objective->train();
  std::mt19937_64 data(streamSeed(config.seed, epoch, index, 1));
  std::mt19937_64 sampler(streamSeed(config.seed, epoch, index, 2));
  const Batch batch = source.next(data);
  const BatchShare share =
      BatchShare::of(batch.images.size(0), ranks.rank(), ranks.size(),
                     [this](const std::vector<torch::Tensor>& t) { ranks.sum(t); });
  const int64_t globalStep = epoch * steps + index;
  const bool monitor = config.monitorEvery > 0 && globalStep % config.monitorEvery == 0;
  StepReport report;
  report.epoch = epoch, report.step = index, report.stepsPerEpoch = steps;
  report.batchHash = batchHash(batch);
  report.featureWeight = objective ? featureWeightAt(globalStep, steps * config.epochs) : 0.0;
  const auto labels = batch.labels.to(device);
  const auto annotated = batch.annotated.defined() ? batch.annotated.to(device) : torch::Tensor();
  const auto images = share.local(batch.images).to(device);
  std::function<torch::Tensor(const torch::Tensor&)> acrossRanks;
  if (share.distributed())
    acrossRanks = [&share](const torch::Tensor& t) { return share.joined(t); };
  optimizer->zero_grad();
  torch::Tensor dice, total;
  FeatureLossResult feature;
  {
    Bf16Autocast autocast(config.bf16, device.is_cuda());
    const auto output = model->forward(images);
    dice = softDiceLoss(output.logits, share.local(labels), share.local(annotated), acrossRanks);
    total = dice;
    if (objective) {
      feature =
          objective->forward(output, featureLabels(labels, annotated), sampler, monitor, share);
      total = dice + report.featureWeight * feature.loss;
    }
  }
  if (monitor) {
    report.diceGradientNorm = encoderGradientNorms(dice);
    if (objective)
      report.featureGradientNorm = encoderGradientNorms(report.featureWeight * feature.loss);
  }
  total.backward();
  sumGradients();
  optimizer->step();
  report.diceLoss = dice.item<double>();
  report.featureLoss = objective ? feature.loss.item<double>() : 0.0;
  report.totalLoss = total.item<double>();
  report.learningRate =
      static_cast<torch::optim::AdamOptions&>(optimizer->param_groups()[0].options()).lr();
  report.health = feature.health;
  report.seconds = secondsSince(start);
  return report;
}

std::vector<double> Trainer::Impl::validate(const std::vector<TrainingVolume>& volumes) {
  const InferenceSettings settings{config.patches, config.patchSize, config.slidingOverlap,
                                   config.bf16};
  return validationDice(model, volumes, settings, device, config.network.classes, ranks);
}

void Trainer::Impl::calibrate(const std::vector<TrainingVolume>& volumes,
                              TrainingObserver& observer) {
  if (volumes.empty()) {
    observer.onMessage("no validation cases: softmax temperature left at 1");
    return;
  }
  const InferenceSettings settings{config.patches, config.patchSize, config.slidingOverlap,
                                   config.bf16};
  const int64_t perVolume = 200000 / int64_t(volumes.size()) + 1;
  std::vector<torch::Tensor> probabilities, truths;
  for (const auto& volume : volumes) {
    auto truth = gridView(volume.labels, volume.size).to(torch::kLong).clone();
    const auto annotated = annotationOf(volume, config.network.classes);
    truth.masked_fill_(annotated.index({truth.clamp(0, config.network.classes - 1)}).eq(0), 255);
    const auto sample =
        sampleVoxels(predictVolume(model, gridView(volume.image, volume.size), settings, device),
                     truth, perVolume);
    probabilities.push_back(sample.probabilities);
    truths.push_back(sample.truth);
  }
  const auto report = fitTemperature({torch::cat(probabilities), torch::cat(truths)});
  temperature = report.temperature;
  std::ostringstream text;
  text << std::fixed << std::setprecision(3) << "calibration on " << report.voxels
       << " validation voxels: temperature " << report.temperature
       << ", expected calibration error " << report.eceBefore << " -> " << report.eceAfter;
  observer.onMessage(text.str());
}

Trainer::Trainer(TrainingConfig config, std::string runDir, std::string configJson,
                 std::string schemeJson)
    : impl_(std::make_unique<Impl>()) {
  impl_->config = std::move(config);
  impl_->runDir = runDir;
  impl_->configJson = std::move(configJson);
  impl_->schemeJson = std::move(schemeJson);
}

Trainer::~Trainer() = default;

void Trainer::useGroup(DistributedGroup* group) {
  impl_->ranks = RankAgreement(group);
}

TrainingSummary Trainer::train(const std::vector<TrainingVolume>& training,
                               const std::vector<TrainingVolume>& validation,
                               TrainingObserver& observer, const std::atomic<bool>& cancel) {
  try {
    return trainUnguarded(training, validation, observer, cancel);
  } catch (const c10::Error& error) {
    throw std::runtime_error(torchErrorText(error));
  }
}

namespace {

/// Says where the run trains, with how many threads and how much memory a step needs, and when
/// bf16 falls back to fp32.
void announceStart(TrainingObserver& observer, const TrainingConfig& config,
                   const torch::Device& device, const std::string& stepMemory, int processes) {
  const int threads = at::get_num_threads();
  observer.onMessage("training on " + device.str() + " with " + std::to_string(threads) +
                     (threads == 1 ? " thread" : " threads") +
                     (processes > 1
                          ? " in each of " + std::to_string(processes) + " data-parallel processes"
                          : "") +
                     " (a step needs about " + stepMemory + ")");
  if (config.bf16 && !device.is_cuda() && !cpuHasNativeBf16())
    observer.onMessage(
        "bf16 asked for, but this CPU has no native bf16 (avx512_bf16 or amx_bf16): training in "
        "fp32, which is many times faster here");
}

}  // namespace

void Trainer::Impl::prepare(const std::vector<TrainingVolume>& training,
                            TrainingObserver& observer) {
  checkConfig(config, training);
  const auto block = largestBlock(config, training);
  checkTrainingFits(config, block, availableMemoryBytes(chooseDevice(config.device)));
  if (config.batchSize < ranks.size())
    throw std::invalid_argument("a batch of " + std::to_string(config.batchSize) +
                                " samples cannot be shared by " + std::to_string(ranks.size()) +
                                " processes: use a batch size of at least the process count");
  build();
  resume(observer);
  startFromModel(observer);
  shareLeaderState();
  announceStart(observer, config, device, gigabytesText(trainingStepBytes(config, block)),
                ranks.size());
}

bool Trainer::Impl::outOfTime(Clock::time_point start) const {
  // Agreed by the ranks: any rank out of time stops them all.
  return ranks.any(config.timeBudgetSeconds > 0 &&
                   elapsedBefore + secondsSince(start) >= config.timeBudgetSeconds);
}

bool Trainer::Impl::trainEpoch(int64_t epoch, int64_t steps, BatchSource& source,
                               const std::vector<TrainingVolume>& validation,
                               TrainingObserver& observer, const std::atomic<bool>& cancel,
                               Clock::time_point start, bool& stoppedEarly,
                               TrainingSummary& summary) {
  const auto epochStart = Clock::now();
  torch::manual_seed(config.seed * 1000003 + epoch);
  const double elapsed = ranks.mean(elapsedBefore + secondsSince(start));
  setLearningRate(std::max(double(epoch) / config.epochs, config.timeBudgetSeconds > 0
                                                              ? elapsed / config.timeBudgetSeconds
                                                              : 0.0));
  EpochReport report{epoch, config.epochs, 0, 0, {}, 0};
  int64_t stepsDone = 0;
  for (int64_t index = 0; index < steps; ++index) {
    if (ranks.any(cancel.load())) return false;
    const StepReport done = step(source, epoch, index, steps);
    report.meanDiceLoss += done.diceLoss;
    report.meanFeatureLoss += done.featureLoss;
    ++stepsDone;
    observer.onStep(done);
    if ((stoppedEarly = outOfTime(start))) break;  // a slow machine: ends within the epoch
  }
  report.meanDiceLoss /= double(stepsDone);
  report.meanFeatureLoss /= double(stepsDone);
  report.validationDice = validation.empty() ? std::vector<double>{} : validate(validation);
  report.seconds = secondsSince(epochStart);
  summary.epochsDone = epoch + 1;
  summary.validationDice = report.validationDice;
  saveCheckpoint(epoch + 1, elapsedBefore + secondsSince(start));
  observer.onEpoch(report);
  stoppedEarly = stoppedEarly || outOfTime(start);
  return true;
}

TrainingSummary Trainer::trainUnguarded(const std::vector<TrainingVolume>& training,
                                        const std::vector<TrainingVolume>& validation,
                                        TrainingObserver& observer,
                                        const std::atomic<bool>& cancel) {
  Impl& run = *impl_;
  const TrainingConfig& config = run.config;
  run.prepare(training, observer);
  TrainingSummary summary;
  summary.device = run.device.str();
  const int64_t steps = config.stepsPerEpoch > 0
                            ? config.stepsPerEpoch
                            : (int64_t(training.size()) + config.batchSize - 1) / config.batchSize;
  torch::manual_seed(config.seed);
  BatchSource source(training, config);
  const auto start = Clock::now();
  for (int64_t epoch = run.nextEpoch; epoch < config.epochs; ++epoch) {
    bool stoppedEarly = false;
    if (!run.trainEpoch(epoch, steps, source, validation, observer, cancel, start, stoppedEarly,
                        summary)) {
      summary.outcome = TrainingOutcome::Cancelled;
      return summary;
    }
    if (stoppedEarly) {
      summary.outcome = TrainingOutcome::OutOfTime;
      break;
    }
  }
  if (!run.leader()) return summary;  // rank 0 calibrates and writes the model
  run.calibrate(validation, observer);
  run.saveFinalModel();
  return summary;
}

}  // namespace voxsiam::learn
