#include "app/workflow/PairedScores.h"

#include <array>

#include "core/metrics/SegmentationEvaluator.h"
#include "core/segment/Segmenter.h"

namespace voxsiam::workflow {

std::optional<double> difference(const std::optional<double>& a, const std::optional<double>& b) {
  if (!a || !b) return std::nullopt;
  return *b - *a;
}

OrganPairs scoreBoth(const image::Volume& ct, const image::LabelMap& reference,
                     const std::vector<std::uint16_t>& organs, const segment::Segmenter& a,
                     const segment::Segmenter& b) {
  const metrics::SegmentationEvaluator evaluator;
  const auto scoresA = evaluator.evaluate(a.segment(ct), reference, organs);
  const auto scoresB = evaluator.evaluate(b.segment(ct), reference, organs);
  OrganPairs scores;
  for (std::size_t k = 0; k < organs.size(); ++k)
    scores[organs[k]] = {scoresA[k].dice, scoresB[k].dice, scoresA[k].hd95, scoresB[k].hd95};
  return scores;
}

OrganPairs meansOf(const CasePairs& cases) {
  std::map<std::uint16_t, std::array<double, 7>> sums;  // dice a, b, n; hd95 a, n a, b, n b
  for (const auto& [name, organs] : cases)
    for (const auto& [organ, score] : organs) {
      auto& sum = sums[organ];
      if (score.diceA && score.diceB) sum[0] += *score.diceA, sum[1] += *score.diceB, ++sum[2];
      if (score.hd95A) sum[3] += *score.hd95A, ++sum[4];
      if (score.hd95B) sum[5] += *score.hd95B, ++sum[6];
    }
  OrganPairs means;
  for (const auto& [organ, sum] : sums) {
    PairedScore& mean = means[organ];
    if (sum[2] > 0) mean.diceA = sum[0] / sum[2], mean.diceB = sum[1] / sum[2];
    if (sum[4] > 0) mean.hd95A = sum[3] / sum[4];
    if (sum[6] > 0) mean.hd95B = sum[5] / sum[6];
  }
  return means;
}

std::vector<std::uint16_t> regressions(const OrganPairs& means, double maxDrop) {
  std::vector<std::uint16_t> organs;
  for (const auto& [organ, score] : means) {
    const auto change = difference(score.diceA, score.diceB);
    if (change && *change < -maxDrop) organs.push_back(organ);
  }
  return organs;
}

}  // namespace voxsiam::workflow
