#include "app/workflow/CaseSuggestion.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "core/segment/Segmenter.h"
#include "storage/Project.h"
#include "storage/repository/CaseRepository.h"
#include "storage/repository/LabelVersionRepository.h"
#include "storage/services/TrainableOrgans.h"

namespace voxsiam::workflow {
namespace {

/// Mean uncertainty over the voxels the model labels as an organ or doubts (≥ 0.1): the region
/// that matters, not the air around the body.
double meanUncertainty(const segment::Segmentation& result) {
  double sum = 0;
  std::size_t count = 0;
  const auto& labels = result.labels.voxels();
  const auto& uncertainty = result.uncertainty.voxels();
  for (std::size_t index = 0; index < labels.size(); ++index) {
    if (labels[index] == 0 && uncertainty[index] < 0.1f) continue;
    sum += uncertainty[index];
    ++count;
  }
  return count ? sum / double(count) : 0.0;
}

double distance(const std::vector<float>& a, const std::vector<float>& b) {
  double sum = 0;
  for (std::size_t index = 0; index < a.size() && index < b.size(); ++index)
    sum += (double(a[index]) - b[index]) * (double(a[index]) - b[index]);
  return std::sqrt(sum);
}

/// The approved cases' typical (median) distance to each other; 1 with fewer than two.
double spreadOf(const std::vector<std::vector<float>>& approved) {
  std::vector<double> distances;
  for (std::size_t a = 0; a < approved.size(); ++a)
    for (std::size_t b = a + 1; b < approved.size(); ++b)
      distances.push_back(distance(approved[a], approved[b]));
  if (distances.empty()) return 1.0;
  std::nth_element(distances.begin(), distances.begin() + std::ptrdiff_t(distances.size() / 2),
                   distances.end());
  return std::max(1e-9, distances[distances.size() / 2]);
}

void rank(std::vector<CaseSuggestion>& cases, double CaseSuggestion::*score,
          int CaseSuggestion::*place) {
  std::vector<CaseSuggestion*> order;
  for (auto& entry : cases) order.push_back(&entry);
  std::stable_sort(order.begin(), order.end(),
                   [&](const auto* a, const auto* b) { return a->*score > b->*score; });
  for (std::size_t index = 0; index < order.size(); ++index) order[index]->*place = int(index) + 1;
}

std::string reasonFor(const CaseSuggestion& entry, std::size_t cases, bool anyApproved) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(3) << "uncertainty " << entry.uncertainty << " (rank "
       << entry.uncertaintyRank << " of " << cases << "); ";
  if (!anyApproved) {
    text << "novelty not measured: no approved case to compare with";
  } else {
    text << std::setprecision(2) << "novelty " << entry.novelty
         << "x the approved cases' spread (rank " << entry.noveltyRank << " of " << cases << ")";
  }
  return text.str();
}

}  // namespace

std::vector<CaseSuggestion> suggestCases(storage::Project& project, const segment::Segmenter& model,
                                         std::size_t count,
                                         const std::function<void(const std::string&)>& progress) {
  storage::repository::CaseRepository records(project.connection());
  storage::repository::LabelVersionRepository versions(project.connection());
  const auto scheme = project.scheme();
  std::vector<std::vector<float>> approved, candidateFeatures;
  std::vector<CaseSuggestion> cases;
  for (const auto& summary : records.list()) {
    const auto image = project.volumes().load(records.get(summary.id).imageHash);
    if (storage::trainingVersion(versions, summary.id, scheme)) {
      approved.push_back(model.pooledFeatures(image));
      continue;
    }
    CaseSuggestion entry;
    entry.caseId = summary.id;
    entry.name = summary.name;
    entry.uncertainty = meanUncertainty(model.segmentWithUncertainty(image));
    candidateFeatures.push_back(model.pooledFeatures(image));
    cases.push_back(entry);
    if (progress) progress("scored " + summary.name);
  }
  const double spread = spreadOf(approved);
  for (std::size_t index = 0; index < cases.size(); ++index) {
    double nearest = approved.empty() ? 0.0 : INFINITY;
    for (const auto& features : approved)
      nearest = std::min(nearest, distance(candidateFeatures[index], features));
    cases[index].novelty = nearest / spread;
  }
  rank(cases, &CaseSuggestion::uncertainty, &CaseSuggestion::uncertaintyRank);
  rank(cases, &CaseSuggestion::novelty, &CaseSuggestion::noveltyRank);
  for (auto& entry : cases) entry.reason = reasonFor(entry, cases.size(), !approved.empty());
  std::stable_sort(cases.begin(), cases.end(), [](const auto& a, const auto& b) {
    const int left = a.uncertaintyRank + a.noveltyRank, right = b.uncertaintyRank + b.noveltyRank;
    return left != right ? left < right : a.uncertainty > b.uncertainty;
  });
  if (count > 0 && cases.size() > count) cases.resize(count);
  return cases;
}

}  // namespace voxsiam::workflow
