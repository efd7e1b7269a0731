#include "core/learn/InitialWeights.h"

#include <map>
#include <sstream>
#include <stdexcept>

#include "core/learn/ModelArchive.h"

namespace voxsiam::learn {
namespace {

std::string shapeText(const torch::Tensor& tensor) {
  std::ostringstream text;
  for (int64_t d = 0; d < tensor.dim(); ++d) text << (d ? "x" : "") << tensor.size(d);
  return text.str();
}

std::string networkText(const NetworkConfig& network) {
  return "f_maps " + std::to_string(network.fMaps) + ", levels " + std::to_string(network.levels) +
         ", " + std::to_string(network.inChannels) + " input channel(s), " +
         std::to_string(network.classes) + " classes";
}

/// What differs between the file's network and scheme and the run's; empty when nothing.
std::string difference(const ModelInfo& file, const RunIdentity& run) {
  const NetworkConfig& a = file.network;
  const NetworkConfig& b = run.network;
  if (a.fMaps != b.fMaps || a.levels != b.levels || a.inChannels != b.inChannels)
    return "network differs (" + networkText(a) + " in the file; " + networkText(b) +
           " in this run)";
  if (a.classes != b.classes)
    return "label scheme differs (" + std::to_string(a.classes) + " classes in the file, " +
           std::to_string(b.classes) + " in this run)";
  if (!file.schemeJson.empty() && !run.schemeJson.empty() && file.schemeJson != run.schemeJson)
    return "label scheme differs (same number of classes, other organs or ids)";
  return {};
}

/// Copies every named tensor of `source` into the same-named, same-shaped one of `target`;
/// names the others in `fresh` (prefixed by `prefix`). Returns the number copied.
std::size_t copyMatching(const torch::OrderedDict<std::string, torch::Tensor>& source,
                         torch::OrderedDict<std::string, torch::Tensor> target,
                         const std::string& prefix, std::vector<std::string>& fresh) {
  torch::NoGradGuard noGrad;
  std::size_t copied = 0;
  for (auto& item : target) {
    const torch::Tensor* from = source.find(item.key());
    if (!from) {
      fresh.push_back(prefix + item.key() + " (not in the file)");
    } else if (!from->sizes().equals(item.value().sizes())) {
      fresh.push_back(prefix + item.key() + " (" + shapeText(*from) + " in the file, " +
                      shapeText(item.value()) + " here)");
    } else {
      item.value().copy_(from->to(item.value().device()));
      ++copied;
    }
  }
  return copied;
}

/// Parameters and buffers of `module` under one dictionary.
torch::OrderedDict<std::string, torch::Tensor> tensorsOf(const torch::nn::Module& module) {
  auto tensors = module.named_parameters();
  for (const auto& buffer : module.named_buffers()) tensors.insert(buffer.key(), buffer.value());
  return tensors;
}

void initialiseHeads(const std::string& path, FeatureObjectiveImpl& objective,
                     const torch::Device& device, InitialisationReport& report) {
  std::map<int64_t, FeatureHead> stored;
  for (const auto& projector : loadProjectors(path, device))
    stored.insert_or_assign(projector.level, projector.head);
  if (stored.empty()) {
    report.notes.push_back("no feature heads in the file: they start fresh");
    return;
  }
  for (std::size_t layer = 0; layer < objective.heads.size(); ++layer) {
    const int64_t level = objective.config.featureLayers[layer];
    const auto found = stored.find(level);
    const std::string prefix = "feature head of level " + std::to_string(level) + ": ";
    if (found == stored.end()) {
      report.fresh.push_back(prefix + "not in the file");
      continue;
    }
    std::vector<std::string> fresh;
    copyMatching(tensorsOf(*found->second), tensorsOf(*objective.heads[layer]), prefix, fresh);
    if (fresh.empty()) ++report.headsLoaded;
    report.fresh.insert(report.fresh.end(), fresh.begin(), fresh.end());
  }
}

}  // namespace

std::string InitialisationReport::summary(const std::string& path) const {
  std::ostringstream text;
  text << "initialised from " << path << ": " << loaded << " network tensors";
  if (headsLoaded) text << ", " << headsLoaded << " feature head(s)";
  if (!fresh.empty()) {
    text << "; fresh:";
    for (std::size_t k = 0; k < fresh.size(); ++k) text << (k ? ", " : " ") << fresh[k];
  }
  for (const auto& note : notes) text << "; " << note;
  return text.str();
}

InitialisationReport initialiseFrom(const std::string& path, const RunIdentity& run,
                                    UNet3DImpl& model, FeatureObjectiveImpl* objective,
                                    const torch::Device& device, bool partial) {
  std::pair<UNet3D, ModelInfo> source{nullptr, {}};
  try {
    source = loadModel(path, device);
  } catch (const std::exception& error) {
    throw std::invalid_argument(path + ": " + error.what());
  }
  const std::string differs = difference(source.second, run);
  if (!differs.empty() && !partial)
    throw std::invalid_argument(path + ": " + differs +
                                "; give --init-partial to load the layers that match");
  InitialisationReport report;
  if (!differs.empty()) report.notes.push_back(differs);
  report.loaded = copyMatching(tensorsOf(*source.first), tensorsOf(model), "", report.fresh);
  if (objective) initialiseHeads(path, *objective, device, report);
  return report;
}

}  // namespace voxsiam::learn
