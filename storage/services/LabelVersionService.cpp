#include "storage/services/LabelVersionService.h"

#include <algorithm>

#include "core/metrics/SegmentationEvaluator.h"

namespace voxsiam::storage {

using repository::LabelVersionRepository;
using repository::MetricsRepository;
using repository::OrganScore;

LabelVersionService::LabelVersionService(Project& project) : project_(project) {}

long long LabelVersionService::saveAndScore(const repository::NewLabelVersion& version,
                                            const image::LabelMap& labels, Scoring scoring) {
  LabelVersionRepository versions(project_.connection());
  const long long id = versions.save(version, labels);
  const auto approved = versions.latest(version.caseId, ReviewStatus::Approved);
  if (approved && approved->id != id)
    MetricsRepository(project_.connection())
        .put(version.caseId, id, approved->id, score(labels, versions.load(approved->id), scoring));
  return id;
}

std::vector<OrganScore> LabelVersionService::fullScores(
    const repository::LabelVersionInfo& version, const repository::LabelVersionInfo& reference) {
  MetricsRepository metrics(project_.connection());
  auto scores = metrics.get(version.id, reference.id);
  const bool full =
      std::any_of(scores.begin(), scores.end(), [](const auto& s) { return s.hd95.has_value(); });
  if (full) return scores;
  LabelVersionRepository versions(project_.connection());
  scores = score(versions.load(version.id), versions.load(reference.id), Scoring::Full);
  metrics.put(version.caseId, version.id, reference.id, scores);
  return scores;
}

std::vector<OrganScore> LabelVersionService::score(const image::LabelMap& labels,
                                                   const image::LabelMap& reference,
                                                   Scoring scoring) const {
  const auto scheme = project_.scheme();
  std::vector<std::uint16_t> organs;
  for (const auto& entry : scheme.entries()) organs.push_back(entry.id);
  const auto measured = scoring == Scoring::Full
                            ? metrics::SegmentationEvaluator().evaluate(labels, reference, organs)
                            : metrics::SegmentationEvaluator::dice(labels, reference, organs);
  std::vector<OrganScore> scores;
  for (const auto& organ : measured)
    if (organ.dice) scores.push_back({organ.label, organ.dice, organ.hd95, organ.assd});
  return scores;
}

}  // namespace voxsiam::storage
