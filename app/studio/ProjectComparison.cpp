#include "app/studio/ProjectComparison.h"

#include <algorithm>
#include <set>

#include "app/workflow/PairedScores.h"
#include "core/image/LabelScheme.h"
#include "core/segment/Segmenter.h"
#include "storage/Project.h"
#include "storage/repository/CaseRepository.h"
#include "storage/repository/LabelVersionRepository.h"
#include "storage/repository/ModelRepository.h"
#include "storage/repository/RunCases.h"
#include "storage/services/TrainableOrgans.h"

namespace voxsiam::studio {
namespace {

/// Cases that trained model `record` (validation cases did not train it).
void addTrainingCases(const storage::repository::ModelRecord& record, std::set<long long>& ids) {
  for (const auto& entry : storage::runCasesOf(record.config, record.name))
    if (entry.role == storage::CaseRole::Training) ids.insert(entry.caseId);
}

/// The approved labels with every organ that is not approved set to "not annotated".
image::LabelMap approvedOnly(image::LabelMap labels, const std::vector<std::uint16_t>& organs) {
  for (auto& voxel : labels.voxels()) {
    const bool approved = std::find(organs.begin(), organs.end(), voxel) != organs.end();
    if (voxel != 0 && !approved) voxel = image::kNotAnnotated;
  }
  return labels;
}

ui::GateReport summarise(const workflow::CasePairs& cases, const image::LabelScheme& scheme) {
  ui::GateReport report;
  for (const auto& [name, organs] : cases) report.cases.push_back(name);
  const auto means = workflow::meansOf(cases);
  for (const auto& entry : scheme.entries()) {
    ui::GateOrgan organ;
    organ.organ = entry.name;
    for (const auto& [name, organs] : cases) organ.cases += organs.count(entry.id) ? 1 : 0;
    if (const auto mean = means.find(entry.id); mean != means.end()) {
      organ.diceActive = mean->second.diceA;
      organ.diceNew = mean->second.diceB;
      organ.hd95Active = mean->second.hd95A;
      organ.hd95New = mean->second.hd95B;
    }
    report.organs.push_back(organ);
  }
  return report;
}

}  // namespace

ui::GateReport compareInProject(const std::string& folder, long long activeModel,
                                long long newModel, const std::atomic<bool>& cancel) {
  storage::Project project(folder);
  storage::repository::ModelRepository models(project.connection());
  const auto active = models.get(activeModel);
  const auto fresh = models.get(newModel);
  std::set<long long> trained;
  addTrainingCases(active, trained);
  addTrainingCases(fresh, trained);
  const segment::Segmenter a((project.folder() / active.checkpoint).string(), "auto");
  const segment::Segmenter b((project.folder() / fresh.checkpoint).string(), "auto");
  const auto scheme = project.scheme();
  storage::repository::LabelVersionRepository versions(project.connection());
  workflow::CasePairs cases;
  storage::repository::CaseRepository records(project.connection());
  for (const auto& summary : records.list()) {
    if (cancel) break;
    if (trained.count(summary.id)) continue;
    const auto version = storage::trainingVersion(versions, summary.id, scheme);
    if (!version) continue;
    const auto organs =
        storage::trainableOrgans(*version, versions.organReviews(version->id), scheme);
    const auto record = records.get(summary.id);
    cases.emplace_back(
        summary.name,
        workflow::scoreBoth(project.volumes().load(record.imageHash),
                            approvedOnly(versions.load(version->id), organs), organs, a, b));
  }
  auto report = summarise(cases, scheme);
  report.activeModel = activeModel;
  report.newModel = newModel;
  return report;
}

}  // namespace voxsiam::studio
