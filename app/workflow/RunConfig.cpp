#include "app/workflow/RunConfig.h"

#include <algorithm>

#include "app/workflow/Presets.h"
#include "core/image/ConfigReader.h"
#include "core/image/InputError.h"
#include "core/image/LabelMapping.h"
#include "core/image/preprocess/PreprocessConfig.h"
#include "core/learn/TrainingMethods.h"

namespace voxsiam::workflow {
namespace {

using image::ConfigReader;
using Mode = image::PreprocessOptions::Mode;

std::array<int64_t, 3> toIntegers(const std::array<double, 3>& values) {
  return {int64_t(values[0]), int64_t(values[1]), int64_t(values[2])};
}

/// The "map" of a data entry: a built-in label mapping, or a mapping file (*.json).
std::string mappingName(ConfigReader& item) {
  const std::string name = item.text("map", "identity");
  if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0) return name;
  return item.choice("map", "identity", image::LabelMapping::builtinNames());
}

/// The optional "annotated": ["liver", ...] of data entry `index`.
std::vector<std::string> organNames(ConfigReader& item, const std::string& origin,
                                    std::size_t index) {
  const auto& list = item.raw("annotated");
  std::vector<std::string> names;
  if (list.is_null()) return names;
  const std::string key = "key 'data[" + std::to_string(index) + "].annotated'";
  if (!list.is_array() || list.empty())
    throw image::InputError(origin, key + " must be a non-empty list of organ names");
  for (const auto& name : list) {
    if (!name.is_string()) throw image::InputError(origin, key + " must list organ names");
    names.push_back(name.get<std::string>());
  }
  return names;
}

std::vector<DataSource> readData(ConfigReader& reader, const std::string& origin) {
  const auto& list = reader.raw("data");
  std::vector<DataSource> sources;
  if (list.is_null()) return sources;
  if (!list.is_array())
    throw image::InputError(origin,
                            "key 'data' must be a list of {folder} or {image, label} objects");
  for (std::size_t index = 0; index < list.size(); ++index) {
    ConfigReader item(list[index], origin, "data[" + std::to_string(index) + "].");
    DataSource source{item.text("folder", ""), item.text("image", ""), item.text("label", ""),
                      mappingName(item), organNames(item, origin, index)};
    item.finish();
    if (source.folder.empty() == (source.image.empty() || source.label.empty()))
      throw image::InputError(origin, "key 'data[" + std::to_string(index) +
                                          "]' needs either 'folder' or both 'image' and 'label'");
    sources.push_back(source);
  }
  return sources;
}

const char* coarseLabelsName(learn::CoarseLabels mode) {
  return mode == learn::CoarseLabels::Corner   ? "corner"
         : mode == learn::CoarseLabels::Centre ? "centre"
                                               : "majority";
}

const char* classWeightsName(learn::ClassWeights weights) {
  return weights == learn::ClassWeights::Balanced    ? "balanced"
         : weights == learn::ClassWeights::Frequency ? "frequency"
                                                     : "none";
}

void readFeatureChoices(ConfigReader& reader, learn::TrainingConfig& config) {
  const auto coarse = reader.choice("coarse_labels", coarseLabelsName(config.coarseLabels),
                                    {"corner", "centre", "majority"});
  config.coarseLabels = coarse == "corner"   ? learn::CoarseLabels::Corner
                        : coarse == "centre" ? learn::CoarseLabels::Centre
                                             : learn::CoarseLabels::Majority;
  const auto weights = reader.choice("class_weights", classWeightsName(config.classWeights),
                                     {"balanced", "frequency", "none"});
  config.classWeights = weights == "balanced"    ? learn::ClassWeights::Balanced
                        : weights == "frequency" ? learn::ClassWeights::Frequency
                                                 : learn::ClassWeights::None;
  config.balancedSampler = reader.choice("sampler", config.balancedSampler ? "balanced" : "random",
                                         {"balanced", "random"}) == "balanced";
  config.regionTarget =
      reader.choice("region_target",
                    config.regionTarget == learn::RegionTarget::Ema ? "ema" : "batch",
                    {"batch", "ema"}) == "ema"
          ? learn::RegionTarget::Ema
          : learn::RegionTarget::Batch;
  config.regionMomentum = reader.number("region_momentum", config.regionMomentum, 0, 0.9999);
  config.hardBackground = reader.flag("hard_background", config.hardBackground);
  config.minClassSamples =
      std::size_t(reader.integer("min_class_samples", int64_t(config.minClassSamples), 1, 100000));
  config.warmup = reader.number("warmup", config.warmup, 0, 0.5);
}

void readFeature(ConfigReader reader, learn::TrainingConfig& config) {
  config.featureLayers = reader.integers("layers", config.featureLayers, 1, 8);
  config.layerWeights =
      reader.numbers("layer_weights", std::vector<double>(config.featureLayers.size(), 1.0));
  config.hidden = reader.integer("hidden", config.hidden, 8, 4096);
  config.voxelToVoxel = reader.flag("voxel_to_voxel", config.voxelToVoxel);
  config.voxelToRegion = reader.flag("voxel_to_region", config.voxelToRegion);
  readFeatureChoices(reader, config);
  config.maxSamples =
      std::size_t(reader.integer("max_samples", int64_t(config.maxSamples), 2, 100000));
  config.maxFalseNegatives = std::size_t(
      reader.integer("max_false_negatives", int64_t(config.maxFalseNegatives), 0, 100000));
  config.lambda = reader.number("lambda", config.lambda, 0, 1e6);
  config.temperature = reader.number("temperature", config.temperature, 1e-4, 100);
  reader.finish();
}

void readTraining(ConfigReader reader, learn::TrainingConfig& config) {
  config.patchSize = toIntegers(reader.triple(
      "patch",
      {double(config.patchSize[0]), double(config.patchSize[1]), double(config.patchSize[2])}, 8,
      1024));
  config.batchSize = reader.integer("batch_size", config.batchSize, 1, 1024);
  config.epochs = reader.integer("epochs", config.epochs, 1, 1000000);
  config.stepsPerEpoch = reader.integer("steps_per_epoch", config.stepsPerEpoch, 0, 1000000);
  config.timeBudgetSeconds = reader.number("time_budget_s", config.timeBudgetSeconds, 0, 1e9);
  config.learningRate = reader.number("learning_rate", config.learningRate, 1e-8, 10);
  config.weightDecay = reader.number("weight_decay", config.weightDecay, 0, 1);
  config.polyPower = reader.number("poly_power", config.polyPower, 0, 10);
  config.seed = uint64_t(reader.integer("seed", int64_t(config.seed), 0, int64_t(1) << 53));
  config.monitorEvery = reader.integer("monitor_every", config.monitorEvery, 0, 1000000);
  config.initFrom = reader.text("init_from", config.initFrom);
  config.initPartial = reader.flag("init_partial", config.initPartial);
  config.bf16 =
      reader.choice("precision", config.bf16 ? "bf16" : "fp32", {"fp32", "bf16"}) == "bf16";
  config.device = reader.choice("device", config.device, {"auto", "cpu", "cuda"});
  config.threads = reader.integer("threads", config.threads, 0, 1024);
  config.augment = reader.flag("augment", config.augment);
  config.augmentRotationDegrees =
      reader.number("augment_rotation_deg", config.augmentRotationDegrees, 0, 180);
  config.augmentScale = reader.number("augment_scale", config.augmentScale, 0, 0.9);
  config.augmentIntensityScale =
      reader.number("augment_intensity_scale", config.augmentIntensityScale, 0, 0.9);
  config.augmentIntensityShift =
      reader.number("augment_intensity_shift", config.augmentIntensityShift, 0, 10);
  config.augmentNoise = reader.number("augment_noise", config.augmentNoise, 0, 10);
  config.foregroundOversampling =
      reader.number("foreground_oversampling", config.foregroundOversampling, 0, 1);
  config.slidingOverlap = reader.number("sliding_overlap", config.slidingOverlap, 0, 0.9);
  reader.finish();
}

}  // namespace

std::string methodFromName(const std::string& name) {
  if (!learn::findMethod(name))
    throw image::InputError(name, "unknown method (allowed: " + learn::methodNames(", ") + ")");
  return name;
}

RunConfig RunConfig::fromJson(const nlohmann::json& json, const std::string& origin) {
  RunConfig config;
  ConfigReader reader(json, origin);
  config.data = readData(reader, origin);
  config.validationFraction =
      reader.number("validation_fraction", config.validationFraction, 0, 0.9);
  const auto& named = reader.raw("validation_cases");
  if (!named.is_null() &&
      !(named.is_array() &&
        std::all_of(named.begin(), named.end(), [](const auto& v) { return v.is_string(); })))
    reader.fail("validation_cases", "must be a list of case names");
  if (!named.is_null()) config.validationCases = named.get<std::vector<std::string>>();
  config.scheme = reader.text("scheme", config.scheme);
  std::vector<std::string> methods;
  for (const auto& method : learn::trainingMethods()) methods.push_back(method.name);
  config.training.method = reader.choice("method", "voxsiam", methods);
  ConfigReader network = reader.child("network");
  config.training.network.fMaps = network.integer("f_maps", config.training.network.fMaps, 1, 512);
  config.training.network.levels = network.integer("levels", config.training.network.levels, 2, 6);
  network.finish();
  image::readPreprocessOptions(reader.child("preprocess"), config.preprocess);
  readFeature(reader.child("feature"), config.training);
  readTraining(reader.child("training"), config.training);
  ConfigReader postprocess = reader.child("postprocess");
  config.largestComponentOnly = postprocess.flag("largest_component", config.largestComponentOnly);
  postprocess.finish();
  reader.finish();
  if (config.training.layerWeights.size() != config.training.featureLayers.size())
    throw image::InputError(
        origin, "key 'feature.layer_weights' needs one weight per entry of 'feature.layers'");
  const auto* method = learn::findMethod(config.training.method);
  if (method && !method->featureLoss) {
    // Unused without a feature loss: the defaults must not refuse a shallow network.
    auto& layers = config.training.featureLayers;
    auto& weights = config.training.layerWeights;
    for (std::size_t index = layers.size(); index-- > 0;)
      if (layers[index] >= config.training.network.levels) {
        layers.erase(layers.begin() + std::ptrdiff_t(index));
        weights.erase(weights.begin() + std::ptrdiff_t(index));
      }
  }
  for (auto level : config.training.featureLayers)
    if (level >= config.training.network.levels)
      throw image::InputError(origin, "key 'feature.layers' holds level " + std::to_string(level) +
                                          ", but the network has levels 0.." +
                                          std::to_string(config.training.network.levels - 1));
  config.training.patches = config.preprocess.mode == Mode::TargetSpacing;
  return config;
}

RunConfig RunConfig::preset(const std::string& name) {
  return fromJson(presetConfig(name), "preset " + name);
}

nlohmann::json RunConfig::dataJson() const {
  nlohmann::json sources = nlohmann::json::array();
  for (const auto& source : data) {
    nlohmann::json item = {{"map", source.map}};
    if (!source.annotated.empty()) item["annotated"] = source.annotated;
    if (!source.folder.empty())
      item["folder"] = source.folder;
    else
      item.update({{"image", source.image}, {"label", source.label}});
    sources.push_back(item);
  }
  return sources;
}

nlohmann::json RunConfig::toJson() const {
  const nlohmann::json sources = dataJson();
  const auto& t = training;
  nlohmann::json json = {
      {"method", t.method},
      {"data", sources},
      {"validation_fraction", validationFraction},
      {"validation_cases", validationCases},
      {"scheme", scheme},
      {"network", {{"f_maps", t.network.fMaps}, {"levels", t.network.levels}}},
      {"preprocess", image::preprocessOptionsJson(preprocess)},
      {"postprocess", {{"largest_component", largestComponentOnly}}},
      {"feature",
       {{"layers", t.featureLayers},
        {"layer_weights", t.layerWeights},
        {"hidden", t.hidden},
        {"voxel_to_voxel", t.voxelToVoxel},
        {"voxel_to_region", t.voxelToRegion},
        {"class_weights", classWeightsName(t.classWeights)},
        {"sampler", t.balancedSampler ? "balanced" : "random"},
        {"coarse_labels", coarseLabelsName(t.coarseLabels)},
        {"hard_background", t.hardBackground},
        {"min_class_samples", t.minClassSamples},
        {"region_target", t.regionTarget == learn::RegionTarget::Ema ? "ema" : "batch"},
        {"region_momentum", t.regionMomentum},
        {"warmup", t.warmup},
        {"max_samples", t.maxSamples},
        {"max_false_negatives", t.maxFalseNegatives},
        {"lambda", t.lambda},
        {"temperature", t.temperature}}},
      {"training",
       {{"patch", t.patchSize},
        {"batch_size", t.batchSize},
        {"epochs", t.epochs},
        {"steps_per_epoch", t.stepsPerEpoch},
        {"time_budget_s", t.timeBudgetSeconds},
        {"learning_rate", t.learningRate},
        {"weight_decay", t.weightDecay},
        {"poly_power", t.polyPower},
        {"seed", t.seed},
        {"monitor_every", t.monitorEvery},
        {"precision", t.bf16 ? "bf16" : "fp32"},
        {"device", t.device},
        {"threads", t.threads},
        {"augment", t.augment},
        {"augment_rotation_deg", t.augmentRotationDegrees},
        {"augment_scale", t.augmentScale},
        {"augment_intensity_scale", t.augmentIntensityScale},
        {"augment_intensity_shift", t.augmentIntensityShift},
        {"augment_noise", t.augmentNoise},
        {"foreground_oversampling", t.foregroundOversampling},
        {"sliding_overlap", t.slidingOverlap}}}};
  if (!t.initFrom.empty()) {  // only then, so the configurations of earlier runs stay the same
    json["training"]["init_from"] = t.initFrom;
    json["training"]["init_partial"] = t.initPartial;
  }
  return json;
}

}  // namespace voxsiam::workflow
