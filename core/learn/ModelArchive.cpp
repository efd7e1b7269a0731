#include "core/learn/ModelArchive.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "core/learn/TorchError.h"

namespace voxsiam::learn {
namespace {

std::vector<int64_t> readInts(torch::serialize::InputArchive& archive, const std::string& key) {
  c10::IValue value;
  archive.read(key, value);
  return value.toIntVector();
}

std::string readString(torch::serialize::InputArchive& archive, const std::string& key) {
  c10::IValue value;
  archive.read(key, value);
  return value.toStringRef();
}

}  // namespace

void saveModel(const std::string& path, UNet3D& model, const ModelInfo& info,
               const std::vector<Projector>& projectors) {
  torch::serialize::OutputArchive archive;
  std::vector<int64_t> shapes;
  for (const auto& projector : projectors) {
    torch::serialize::OutputArchive headArchive;
    projector.head->save(headArchive);
    archive.write("projector_" + std::to_string(projector.level), headArchive);
    const auto first = projector.head->projector->ptr(0)->as<torch::nn::Linear>();
    shapes.insert(shapes.end(),
                  {projector.level, first->options.in_features(), first->options.out_features()});
  }
  archive.write("projectors", c10::IValue(shapes));
  torch::serialize::OutputArchive weights;
  model->save(weights);
  archive.write("weights", weights);
  const auto& n = info.network;
  const auto& s = info.inference;
  archive.write("network",
                c10::IValue(std::vector<int64_t>{n.inChannels, n.classes, n.fMaps, n.levels}));
  archive.write("inference", c10::IValue(std::vector<int64_t>{
                                 s.slidingWindow, s.patchSize[0], s.patchSize[1], s.patchSize[2],
                                 std::llround(s.overlap * 1000), s.bf16}));
  archive.write("config", c10::IValue(info.configJson));
  archive.write("scheme", c10::IValue(info.schemeJson));
  archive.write("temperature", c10::IValue(info.temperature));
  archive.write("format", c10::IValue(std::string("voxsiam-model-1")));
  const std::string temp = path + ".partial" + std::to_string(::getpid());
  archive.save_to(temp);
  std::error_code error;
  std::filesystem::rename(temp, path, error);
  if (error) {
    std::remove(temp.c_str());
    throw std::runtime_error("cannot write " + path + ": " + error.message());
  }
}

std::pair<UNet3D, ModelInfo> loadModel(const std::string& path, const torch::Device& device) {
  if (!std::filesystem::is_regular_file(path)) throw std::runtime_error("no such model file");
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(path, torch::kCPU);
    if (readString(archive, "format") != "voxsiam-model-1")
      throw std::runtime_error("unknown model format");
    ModelInfo info;
    const auto network = readInts(archive, "network");
    const auto inference = readInts(archive, "inference");
    info.network = {network.at(0), network.at(1), network.at(2), network.at(3)};
    info.inference = {inference.at(0) != 0,
                      {inference.at(1), inference.at(2), inference.at(3)},
                      inference.at(4) / 1000.0,
                      inference.at(5) != 0};
    info.configJson = readString(archive, "config");
    info.schemeJson = readString(archive, "scheme");
    c10::IValue temperature;
    if (archive.try_read("temperature", temperature)) info.temperature = temperature.toDouble();
    UNet3D model(info.network);
    torch::serialize::InputArchive weights;
    archive.read("weights", weights);
    model->load(weights);
    model->to(device);
    return {model, info};
  } catch (const c10::Error& error) {
    throw std::runtime_error("not a readable model file (" + torchErrorText(error) + ")");
  }
}

std::vector<Projector> loadProjectors(const std::string& path, const torch::Device& device) {
  torch::serialize::InputArchive archive;
  archive.load_from(path, torch::kCPU);
  std::vector<Projector> projectors;
  c10::IValue value;
  if (!archive.try_read("projectors", value)) return projectors;
  const auto shapes = value.toIntVector();
  for (std::size_t k = 0; k + 2 < shapes.size(); k += 3) {
    Projector projector{shapes[k], FeatureHead(shapes[k + 1], shapes[k + 2])};
    torch::serialize::InputArchive headArchive;
    archive.read("projector_" + std::to_string(shapes[k]), headArchive);
    projector.head->load(headArchive);
    projector.head->to(device);
    projector.head->eval();
    projectors.push_back(projector);
  }
  return projectors;
}

}  // namespace voxsiam::learn
