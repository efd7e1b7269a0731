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
#include "core/learn/DistributedGroup.h"
#include "core/learn/FeatureObjective.h"
#include "core/learn/GridTensor.h"
#include "core/learn/Inference.h"
#include "core/learn/InitialWeights.h"
#include "core/learn/Losses.h"
#include "core/learn/MemoryEstimate.h"
#include "core/learn/ModelArchive.h"
#include "core/learn/TorchError.h"
#include "core/learn/TrainingMethods.h"

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

/// Dice per organ (1..K−1) of `predicted` to `truth`, over the voxels not labelled
/// kIgnoreLabel; NaN for an organ absent from both or not annotated in `annotated` (K flags).
std::vector<double> diceOnGrid(const torch::Tensor& predicted, const torch::Tensor& truth,
                               int64_t classes, const torch::Tensor& annotated) {
  std::vector<double> dice;
  const auto counted = truth.ne(kIgnoreLabel);
  for (int64_t c = 1; c < classes; ++c) {
    if (annotated[c].item<double>() < 1) {
      dice.push_back(NAN);
      continue;
    }
    const auto a = predicted.eq(c).logical_and(counted), b = truth.eq(c);
    const double sizes = (a.sum() + b.sum()).item<double>();
    dice.push_back(sizes == 0 ? NAN : 2.0 * a.logical_and(b).sum().item<double>() / sizes);
  }
  return dice;
}

}  // namespace

int cudaDeviceCount() {
  return torch::cuda::is_available() ? int(torch::cuda::device_count()) : 0;
}

std::string chooseDevice(const std::string& requested) {
  const bool gpu = torch::cuda::is_available();
  if (requested == "cpu" || (requested == "auto" && !gpu)) return "cpu";
  if (requested == "cuda" || requested == "auto") {
    if (!gpu) throw std::invalid_argument("device cuda requested, but LibTorch sees no CUDA GPU");
    return "cuda";
  }
  throw std::invalid_argument("unknown device '" + requested + "' (allowed: auto, cpu, cuda)");
}

void useCpuThreads(int64_t threads, int processes) {
  const int64_t shared = int64_t(std::thread::hardware_concurrency()) / std::max(processes, 1);
  at::set_num_threads(static_cast<int>(threads > 0 ? threads : std::max<int64_t>(1, shared)));
}

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
  DistributedGroup* group = nullptr;

  int rank() const { return group ? group->rank() : 0; }
  int ranks() const { return group ? group->size() : 1; }
  bool leader() const { return rank() == 0; }
  /// Sums tensors over the ranks, in place (nothing in a single process).
  /// A `patient` sum waits as long as ranks may legitimately differ (validation shared out).
  void sumOverRanks(const std::vector<torch::Tensor>& tensors, bool patient = false) const;
  /// True on every rank when `flag` is true on any.
  bool anyRank(bool flag) const;
  /// `seconds` averaged over the ranks (one value everywhere).
  double agreedSeconds(double seconds) const;
  void build();
  /// Rank 0's state (resumed, started from a model or fresh) on every rank.
  void shareLeaderState();
  torch::serialize::OutputArchive stateArchive(int64_t epochsDone, double elapsed);
  void loadState(torch::serialize::InputArchive& archive);
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

void Trainer::Impl::sumOverRanks(const std::vector<torch::Tensor>& tensors, bool patient) const {
  if (group && group->size() > 1)
    group->allReduceSum(tensors, DistributedGroup::kBucketBytes, patient);
}

bool Trainer::Impl::anyRank(bool flag) const {
  if (ranks() == 1) return flag;
  const auto count = torch::tensor({flag ? 1.0f : 0.0f});
  sumOverRanks({count});
  return count.item<float>() > 0.5f;
}

double Trainer::Impl::agreedSeconds(double seconds) const {
  if (ranks() == 1) return seconds;
  const auto total = torch::tensor({float(seconds)});
  sumOverRanks({total});
  return total.item<float>() / ranks();
}

void Trainer::Impl::build() {
  device = torch::Device(chooseDevice(config.device));
  if (device.is_cuda() && group)
    device = torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(
                                             group->settings().localRank %
                                             std::max<int64_t>(1, torch::cuda::device_count())));
  useCpuThreads(config.threads, group ? group->settings().localWorldSize : 1);
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

torch::serialize::OutputArchive Trainer::Impl::stateArchive(int64_t epochsDone, double elapsed) {
  torch::serialize::OutputArchive archive, modelArchive, objectiveArchive, optimizerArchive;
  model->save(modelArchive);
  archive.write("model", modelArchive);
  if (objective) {
    objective->save(objectiveArchive);
    archive.write("objective", objectiveArchive);
  }
  optimizer->save(optimizerArchive);
  archive.write("optimizer", optimizerArchive);
  archive.write("epochs_done", c10::IValue(epochsDone));
  archive.write("elapsed", c10::IValue(elapsed));
  archive.write("config", c10::IValue(configJson));
  return archive;
}

void Trainer::Impl::saveCheckpoint(int64_t epochsDone, double elapsed) {
  if (!leader()) return;
  fs::create_directories(checkpointPath().parent_path());
  auto archive = stateArchive(epochsDone, elapsed);
  const fs::path temp = checkpointPath().string() + ".partial";
  archive.save_to(temp.string());
  fs::rename(temp, checkpointPath());
}

void Trainer::Impl::loadState(torch::serialize::InputArchive& archive) {
  torch::serialize::InputArchive modelArchive, objectiveArchive, optimizerArchive;
  archive.read("model", modelArchive);
  model->load(modelArchive);
  if (objective) {
    archive.read("objective", objectiveArchive);
    objective->load(objectiveArchive);
  }
  archive.read("optimizer", optimizerArchive);
  optimizer->load(optimizerArchive);
  c10::IValue epochs, elapsed;
  archive.read("epochs_done", epochs);
  archive.read("elapsed", elapsed);
  nextEpoch = epochs.toInt();
  elapsedBefore = elapsed.toDouble();
}

void Trainer::Impl::resume(TrainingObserver& observer) {
  if (!leader() || !fs::exists(checkpointPath())) return;
  torch::serialize::InputArchive archive;
  archive.load_from(checkpointPath().string(), device);
  loadState(archive);
  observer.onMessage("resumed from " + checkpointPath().string() + " after epoch " +
                     std::to_string(nextEpoch));
}

void Trainer::Impl::shareLeaderState() {
  if (ranks() == 1) return;
  std::string bytes;
  if (leader()) {
    std::ostringstream stream;
    stateArchive(nextEpoch, elapsedBefore).save_to(stream);
    bytes = stream.str();
  }
  group->broadcastBytes(bytes);
  if (leader()) return;
  torch::serialize::InputArchive archive;
  archive.load_from(bytes.data(), bytes.size(), device);
  loadState(archive);
}

void Trainer::Impl::sumGradients() {
  if (ranks() == 1) return;
  std::vector<torch::Tensor> gradients;
  for (const auto& parameter : model->parameters())
    if (parameter.grad().defined()) gradients.push_back(parameter.grad());
  if (objective) {
    for (const auto& parameter : objective->parameters()) {
      if (!parameter.grad().defined()) continue;
      parameter.mutable_grad().div_(ranks());  // every rank holds the heads' whole gradient
      gradients.push_back(parameter.grad());
    }
  }
  sumOverRanks(gradients);
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
  sumOverRanks(defined);  // each rank's loss reaches only its own samples
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
      BatchShare::of(batch.images.size(0), rank(), ranks(),
                     [this](const std::vector<torch::Tensor>& t) { sumOverRanks(t); });
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
  std::vector<double> sums(config.network.classes - 1, 0.0),
      counts(config.network.classes - 1, 0.0);
  const InferenceSettings settings{config.patches, config.patchSize, config.slidingOverlap,
                                   config.bf16};
  for (std::size_t v = rank(); v < volumes.size(); v += ranks()) {  // shared out
    const auto& volume = volumes[v];
    const auto image = gridView(volume.image, volume.size);
    const auto truth = gridView(volume.labels, volume.size).to(torch::kLong);
    const auto predicted = predictVolume(model, image, settings, device).argmax(0);
    const auto dice = diceOnGrid(predicted, truth, config.network.classes,
                                 annotationOf(volume, config.network.classes));
    for (std::size_t c = 0; c < dice.size(); ++c)
      if (!std::isnan(dice[c])) sums[c] += dice[c], counts[c] += 1;
  }
  if (ranks() > 1) {
    auto packed = torch::tensor(sums, torch::kDouble).to(torch::kFloat);
    auto packedCounts = torch::tensor(counts, torch::kDouble).to(torch::kFloat);
    sumOverRanks({packed, packedCounts}, /*patient=*/true);
    for (std::size_t c = 0; c < sums.size(); ++c)
      sums[c] = packed[c].item<double>(), counts[c] = packedCounts[c].item<double>();
  }
  std::vector<double> mean;
  for (std::size_t c = 0; c < sums.size(); ++c)
    mean.push_back(counts[c] ? sums[c] / counts[c] : NAN);
  return mean;
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
  impl_->group = group;
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
                   const torch::Device& device, const std::string& stepMemory) {
  observer.onMessage("training on " + device.str() + " with " +
                     std::to_string(at::get_num_threads()) + " threads (a step needs about " +
                     stepMemory + ")");
  if (config.bf16 && !device.is_cuda() && !cpuHasNativeBf16())
    observer.onMessage(
        "bf16 asked for, but this CPU has no native bf16 (avx512_bf16 or amx_bf16): training in "
        "fp32, which is many times faster here");
}

}  // namespace

TrainingSummary Trainer::trainUnguarded(const std::vector<TrainingVolume>& training,
                                        const std::vector<TrainingVolume>& validation,
                                        TrainingObserver& observer,
                                        const std::atomic<bool>& cancel) {
  Impl& run = *impl_;
  const TrainingConfig& config = run.config;
  checkConfig(config, training);
  const auto block = largestBlock(config, training);
  checkTrainingFits(config, block, availableMemoryBytes(chooseDevice(config.device)));
  if (run.group && config.batchSize < run.group->size())
    throw std::invalid_argument("a batch of " + std::to_string(config.batchSize) +
                                " samples cannot be shared by " +
                                std::to_string(run.group->size()) +
                                " processes: use a batch size of at least the process count");
  run.build();
  run.resume(observer);
  run.startFromModel(observer);
  run.shareLeaderState();
  TrainingSummary summary;
  summary.device = run.device.str();
  announceStart(observer, config, run.device, gigabytesText(trainingStepBytes(config, block)));
  const bool fp32OnCpu = !run.device.is_cuda() && !(config.bf16 && cpuHasNativeBf16());
  if (run.ranks() > 1 && fp32OnCpu && config.batchSize / run.ranks() < 2)
    observer.onMessage(
        "one sample per process in fp32 on a CPU takes LibTorch's slow convolution "
        "path (several times slower per sample): give each process 2 or more");
  const int64_t steps = config.stepsPerEpoch > 0
                            ? config.stepsPerEpoch
                            : (int64_t(training.size()) + config.batchSize - 1) / config.batchSize;
  torch::manual_seed(config.seed);
  BatchSource source(training, config);
  const auto start = Clock::now();
  for (int64_t epoch = run.nextEpoch; epoch < config.epochs; ++epoch) {
    const auto epochStart = Clock::now();
    torch::manual_seed(config.seed * 1000003 + epoch);
    const double elapsed = run.agreedSeconds(run.elapsedBefore + secondsSince(start));
    run.setLearningRate(
        std::max(double(epoch) / config.epochs,
                 config.timeBudgetSeconds > 0 ? elapsed / config.timeBudgetSeconds : 0.0));
    EpochReport report{epoch, config.epochs, 0, 0, {}, 0};
    const auto outOfTime = [&] {  // agreed by the ranks: any rank out of time stops them all
      return run.anyRank(config.timeBudgetSeconds > 0 &&
                         run.elapsedBefore + secondsSince(start) >= config.timeBudgetSeconds);
    };
    int64_t stepsDone = 0;
    bool stoppedEarly = false;
    for (int64_t index = 0; index < steps; ++index) {
      if (run.anyRank(cancel.load())) {
        summary.outcome = TrainingOutcome::Cancelled;
        return summary;
      }
      StepReport step = run.step(source, epoch, index, steps);
      report.meanDiceLoss += step.diceLoss;
      report.meanFeatureLoss += step.featureLoss;
      ++stepsDone;
      observer.onStep(step);
      if (outOfTime()) {  // a slow machine: the budget ends the run within the epoch
        stoppedEarly = true;
        break;
      }
    }
    report.meanDiceLoss /= double(stepsDone);
    report.meanFeatureLoss /= double(stepsDone);
    report.validationDice = validation.empty() ? std::vector<double>{} : run.validate(validation);
    report.seconds = secondsSince(epochStart);
    summary.epochsDone = epoch + 1;
    summary.validationDice = report.validationDice;
    run.saveCheckpoint(epoch + 1, run.elapsedBefore + secondsSince(start));
    observer.onEpoch(report);
    if (stoppedEarly || outOfTime()) {
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
