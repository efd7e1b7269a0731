#include "ui/model/ModelRegistry.h"

#include <nlohmann/json.hpp>

#include <QObject>

#include <cmath>
#include <map>
#include <tuple>

#include "core/metrics/SegmentationEvaluator.h"
#include "storage/Project.h"
#include "storage/repository/CaseRepository.h"
#include "storage/repository/LabelVersionRepository.h"
#include "storage/repository/MetricsRepository.h"
#include "storage/repository/ModelRepository.h"
#include "storage/repository/RunCases.h"
#include "storage/services/LabelVersionService.h"
#include "ui/model/CaseSession.h"

namespace voxsiam::ui {
namespace {

using storage::repository::LabelVersionInfo;
using storage::repository::LabelVersionRepository;

QString sourceOf(const LabelVersionInfo& info) {
  return info.source == storage::LabelSource::Model
             ? QString("model %1").arg(info.modelId.value_or(0))
             : QString::fromStdString(storage::toString(info.source));
}

/// The newest version of `caseId` (made by `modelId` when given).
std::optional<LabelVersionInfo> newestVersion(LabelVersionRepository& versions, long long caseId,
                                              std::optional<long long> modelId) {
  const auto all = versions.forCase(caseId);
  for (auto version = all.rbegin(); version != all.rend(); ++version) {
    if (!modelId || version->modelId == modelId) return *version;
  }
  return std::nullopt;
}

std::vector<storage::repository::OrganScore> scoresOf(storage::Project& project,
                                                      const LabelVersionInfo& version,
                                                      const LabelVersionInfo& reference) {
  return storage::LabelVersionService(project).fullScores(version, reference);
}

}  // namespace

std::vector<ModelRow> ModelRegistry::models() {
  auto& project = session_.project();
  const auto active = project.activeModelId();
  std::vector<ModelRow> rows;
  for (const auto& model : storage::repository::ModelRepository(project.connection()).list()) {
    const auto config = nlohmann::json::parse(model.config, nullptr, false);
    const auto metrics = nlohmann::json::parse(model.metrics, nullptr, false);
    ModelRow row{model.id,
                 QString::fromStdString(model.name),
                 {},
                 model.runId,
                 model.parentId,
                 false,
                 0,
                 std::nullopt,
                 active == model.id,
                 QString::fromStdString(model.createdAt)};
    if (config.is_object()) {
      row.startedFromParent = config.value("started_from_parent", false);
      row.method = QString::fromStdString(
          config.value("config", nlohmann::json::object()).value("method", ""));
      for (const auto& entry : storage::runCasesOf(model.config, model.name))
        row.trainingCases += entry.role == storage::CaseRole::Training;
    }
    if (metrics.is_object() && metrics.value("mean_validation_dice", nlohmann::json()).is_number())
      row.meanValidationDice = metrics["mean_validation_dice"].get<double>();
    rows.push_back(row);
  }
  return rows;
}

void ModelRegistry::setActive(long long modelId) {
  session_.setActiveModel(modelId);
}

std::optional<long long> ModelRegistry::activeModel() {
  return session_.activeModelId();
}

namespace {

/// Role of each case name in the run that made model `modelId` (training or validation).
std::map<std::string, QString> caseRoles(storage::Project& project, long long modelId) {
  std::map<std::string, QString> roles;
  const auto model = storage::repository::ModelRepository(project.connection()).get(modelId);
  for (const auto& entry : storage::runCasesOf(model.config, model.name))
    roles[entry.name] = QString::fromStdString(storage::toString(entry.role));
  return roles;
}

/// Mean and sample standard deviation.
std::pair<double, double> meanAndSd(const std::vector<double>& values) {
  double sum = 0, squares = 0;
  for (const double value : values) sum += value;
  const double mean = values.empty() ? 0 : sum / double(values.size());
  for (const double value : values) squares += (value - mean) * (value - mean);
  const double sd = values.size() > 1 ? std::sqrt(squares / double(values.size() - 1)) : 0;
  return {mean, sd};
}

}  // namespace

std::vector<OrganSummary> ModelRegistry::summarise(const std::vector<ScoreRow>& rows) {
  std::map<std::pair<QString, QString>, std::pair<std::vector<double>, std::vector<double>>> groups;
  std::vector<std::pair<QString, QString>> order;
  for (const auto& row : rows) {
    if (!row.dice) continue;
    const auto key = std::make_pair(row.organ, row.role);
    if (!groups.count(key)) order.push_back(key);
    groups[key].first.push_back(*row.dice);
    if (row.otherDice) groups[key].second.push_back(*row.otherDice);
  }
  std::vector<OrganSummary> summaries;
  for (const auto& key : order) {
    const auto& [a, b] = groups[key];
    OrganSummary summary{key.first, key.second, int(a.size())};
    std::tie(summary.meanA, summary.sdA) = meanAndSd(a);
    if (!b.empty()) {
      const auto [mean, sd] = meanAndSd(b);
      summary.meanB = mean, summary.sdB = sd;
    }
    summaries.push_back(summary);
  }
  return summaries;
}

std::vector<ScoreRow> ModelRegistry::compare(long long a, long long b) {
  auto& project = session_.project();
  LabelVersionRepository versions(project.connection());
  const auto roles = caseRoles(project, a);
  std::vector<ScoreRow> rows;
  for (const auto& summary : storage::repository::CaseRepository(project.connection()).list()) {
    const auto reference = versions.latest(summary.id, storage::ReviewStatus::Approved);
    const auto first = newestVersion(versions, summary.id, a);
    const auto second = newestVersion(versions, summary.id, b);
    if (!reference || !first || !second) continue;
    const auto scoresA = scoresOf(project, *first, *reference);
    std::map<int, std::optional<double>> diceB;
    for (const auto& score : scoresOf(project, *second, *reference))
      diceB[score.organ] = score.dice;
    for (const auto& score : scoresA) {
      const auto role = roles.find(summary.name);
      rows.push_back({QString::fromStdString(summary.name),
                      QString::fromStdString(session_.scheme().nameOf(std::uint16_t(score.organ))),
                      first->id, sourceOf(*first), score.dice, score.hd95, score.assd,
                      diceB[score.organ],
                      role == roles.end() ? QObject::tr("unseen") : role->second});
    }
  }
  return rows;
}

std::vector<ScoreRow> ModelRegistry::evaluate(const std::string& projectFolder,
                                              std::optional<long long> modelId) {
  storage::Project project(projectFolder);
  const auto scheme = project.scheme();
  LabelVersionRepository versions(project.connection());
  std::vector<ScoreRow> rows;
  for (const auto& summary : storage::repository::CaseRepository(project.connection()).list()) {
    const auto reference = versions.latest(summary.id, storage::ReviewStatus::Approved);
    const auto version = newestVersion(versions, summary.id, modelId);
    if (!reference || !version) continue;
    for (const auto& score : scoresOf(project, *version, *reference)) {
      rows.push_back({QString::fromStdString(summary.name),
                      QString::fromStdString(scheme.nameOf(std::uint16_t(score.organ))),
                      version->id, sourceOf(*version), score.dice, score.hd95, score.assd,
                      std::nullopt});
    }
  }
  return rows;
}

QString ModelRegistry::toCsv(const std::vector<ScoreRow>& rows, bool comparison) {
  auto number = [](const std::optional<double>& value) {
    return value ? QString::number(*value, 'f', 4) : QString();
  };
  QString csv = comparison ? "case,organ,version,source,dice_a,hd95_a,assd_a,dice_b\n"
                           : "case,organ,version,source,dice,hd95,assd\n";
  for (const auto& row : rows) {
    csv += QString("%1,%2,%3,%4,%5,%6,%7")
               .arg(row.caseName, row.organ)
               .arg(row.versionId)
               .arg(row.source, number(row.dice), number(row.hd95), number(row.assd));
    csv += comparison ? "," + number(row.otherDice) + "\n" : "\n";
  }
  return csv;
}

}  // namespace voxsiam::ui
