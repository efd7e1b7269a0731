#include "core/learn/TrainingState.h"

#include <sstream>

namespace voxsiam::learn {

torch::serialize::OutputArchive stateArchive(const TrainingParts& parts,
                                             const TrainingProgress& progress,
                                             const std::string& configJson) {
  torch::serialize::OutputArchive archive, modelArchive, objectiveArchive, optimizerArchive;
  parts.model.save(modelArchive);
  archive.write("model", modelArchive);
  if (parts.objective) {
    parts.objective->save(objectiveArchive);
    archive.write("objective", objectiveArchive);
  }
  parts.optimizer.save(optimizerArchive);
  archive.write("optimizer", optimizerArchive);
  archive.write("epochs_done", c10::IValue(progress.epochsDone));
  archive.write("elapsed", c10::IValue(progress.elapsed));
  archive.write("config", c10::IValue(configJson));
  return archive;
}

TrainingProgress loadState(torch::serialize::InputArchive& archive, const TrainingParts& parts) {
  torch::serialize::InputArchive modelArchive, objectiveArchive, optimizerArchive;
  archive.read("model", modelArchive);
  parts.model.load(modelArchive);
  if (parts.objective) {
    archive.read("objective", objectiveArchive);
    parts.objective->load(objectiveArchive);
  }
  archive.read("optimizer", optimizerArchive);
  parts.optimizer.load(optimizerArchive);
  c10::IValue epochs, elapsed;
  archive.read("epochs_done", epochs);
  archive.read("elapsed", elapsed);
  return {epochs.toInt(), elapsed.toDouble()};
}

TrainingProgress shareLeaderState(const TrainingParts& parts, const TrainingProgress& progress,
                                  const std::string& configJson, const RankAgreement& ranks,
                                  const torch::Device& device) {
  if (!ranks.distributed()) return progress;
  std::string bytes;
  if (ranks.leader()) {
    std::ostringstream stream;
    stateArchive(parts, progress, configJson).save_to(stream);
    bytes = stream.str();
  }
  ranks.shareFromLeader(bytes);
  if (ranks.leader()) return progress;
  torch::serialize::InputArchive archive;
  archive.load_from(bytes.data(), bytes.size(), device);
  return loadState(archive, parts);
}

}  // namespace voxsiam::learn
