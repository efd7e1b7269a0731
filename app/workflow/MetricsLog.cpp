#include "app/workflow/MetricsLog.h"

#include <cmath>
#include <cstdio>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>

namespace voxsiam::workflow {

MetricsLog::MetricsLog(const std::string& path, std::vector<std::string> organNames,
                       std::ostream& progress, int printEvery)
    : path_(path),
      file_(path, std::ios::app),
      organs_(std::move(organNames)),
      progress_(progress),
      printEvery_(printEvery) {}

void MetricsLog::dropRecordsFrom(int64_t epoch) {
  resumeChecked_ = true;
  std::vector<std::string> kept;
  bool dropped = false;
  {
    std::ifstream existing(path_);
    for (std::string line; std::getline(existing, line);) {
      const auto record = nlohmann::json::parse(line, nullptr, false);
      const bool later = !record.is_discarded() && record.is_object() &&
                         record.value("epoch", int64_t{-1}) >= epoch;
      if (later)
        dropped = true;
      else
        kept.push_back(line);
    }
  }
  if (!dropped) return;
  file_.close();
  const std::string temporary = path_ + ".partial";
  {
    std::ofstream rewritten(temporary, std::ios::trunc);
    for (const auto& line : kept) rewritten << line << "\n";
  }
  std::rename(temporary.c_str(), path_.c_str());
  file_.open(path_, std::ios::app);
}

void MetricsLog::onStep(const learn::StepReport& step) {
  if (!resumeChecked_) dropRecordsFrom(step.epoch);
  nlohmann::json health = nlohmann::json::array();
  for (const auto& layer : step.health)
    health.push_back({{"level", layer.level},
                      {"z_std", layer.zStd},
                      {"centroid_cosine", layer.centroidCosine},
                      {"classes", layer.classes},
                      {"centroid_cosines", layer.centroidCosines}});
  std::ostringstream hash;
  hash << std::hex << std::setw(16) << std::setfill('0') << step.batchHash;
  nlohmann::json record{{"type", "step"},
                        {"epoch", step.epoch},
                        {"step", step.step},
                        {"dice_loss", step.diceLoss},
                        {"feature_loss", step.featureLoss},
                        {"total_loss", step.totalLoss},
                        {"feature_weight", step.featureWeight},
                        {"lr", step.learningRate},
                        {"seconds", step.seconds},
                        {"batch_hash", hash.str()},
                        {"collapse_monitor", health}};
  if (!step.diceGradientNorm.empty())
    record["grad_norm"] = {{"dice", step.diceGradientNorm}, {"feature", step.featureGradientNorm}};
  file_ << record.dump() << "\n" << std::flush;
  if ((step.step + 1) % printEvery_ != 0) return;
  progress_ << std::fixed << std::setprecision(4) << "epoch " << step.epoch + 1 << " step "
            << step.step + 1 << "/" << step.stepsPerEpoch << "  dice loss " << step.diceLoss
            << "  feature loss " << step.featureLoss << "  (" << std::setprecision(2)
            << step.seconds << " s/step)\n"
            << std::flush;
}

void MetricsLog::onEpoch(const learn::EpochReport& epoch) {
  if (!resumeChecked_) dropRecordsFrom(epoch.epoch);
  nlohmann::json dice = nlohmann::json::object();
  std::ostringstream line;
  line << std::fixed << std::setprecision(3);
  for (std::size_t organ = 0; organ < epoch.validationDice.size(); ++organ) {
    const std::string name =
        organ < organs_.size() ? organs_[organ] : "class_" + std::to_string(organ + 1);
    const double value = epoch.validationDice[organ];
    dice[name] = std::isnan(value) ? nlohmann::json(nullptr) : nlohmann::json(value);
    if (!std::isnan(value)) line << " " << name << " " << value;
  }
  file_ << nlohmann::json{{"type", "epoch"},
                          {"epoch", epoch.epoch},
                          {"mean_dice_loss", epoch.meanDiceLoss},
                          {"mean_feature_loss", epoch.meanFeatureLoss},
                          {"validation_dice", dice},
                          {"seconds", epoch.seconds}}
               .dump()
        << "\n"
        << std::flush;
  progress_ << std::fixed << std::setprecision(4) << "epoch " << epoch.epoch + 1 << "/"
            << epoch.epochs << " done in " << std::setprecision(1) << epoch.seconds
            << " s, dice loss " << std::setprecision(4) << epoch.meanDiceLoss
            << (epoch.validationDice.empty() ? "" : ", validation Dice:") << line.str() << "\n"
            << std::flush;
}

void MetricsLog::onMessage(const std::string& message) {
  progress_ << message << "\n" << std::flush;
}

}  // namespace voxsiam::workflow
