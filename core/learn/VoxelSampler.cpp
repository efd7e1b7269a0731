#include "core/learn/VoxelSampler.h"

#include <algorithm>

namespace voxsiam::learn {

std::vector<int64_t> takeBalanced(const std::vector<std::vector<int64_t>>& byClass,
                                  std::size_t quota) {
  std::vector<std::size_t> taken(byClass.size(), 0);
  std::vector<int64_t> chosen;
  for (;;) {
    std::size_t open = 0;
    for (std::size_t c = 0; c < byClass.size(); ++c) open += taken[c] < byClass[c].size();
    if (open == 0 || chosen.size() >= quota) break;
    const std::size_t share = std::max<std::size_t>(1, (quota - chosen.size()) / open);
    for (std::size_t c = 0; c < byClass.size() && chosen.size() < quota; ++c) {
      const std::size_t count =
          std::min({share, byClass[c].size() - taken[c], quota - chosen.size()});
      chosen.insert(chosen.end(), byClass[c].begin() + taken[c],
                    byClass[c].begin() + taken[c] + count);
      taken[c] += count;
    }
  }
  return chosen;
}

std::vector<int64_t> sampleVoxels(const std::vector<int64_t>& labels,
                                  const std::vector<int64_t>& predictions, int64_t classes,
                                  const SamplerLimits& limits, std::mt19937_64& random) {
  // Unbalanced sampling pools every class in one list (list 0).
  const int64_t lists = limits.balanced ? classes : 1;
  std::vector<std::vector<int64_t>> falseNegatives(lists), rest(lists);
  for (std::size_t index = 0; index < labels.size(); ++index) {
    const int64_t truth = labels[index];
    if (truth < 0 || truth >= classes) continue;
    const bool missed =
        truth > 0 ? predictions[index] != truth : limits.hardBackground && predictions[index] != 0;
    (missed ? falseNegatives : rest)[limits.balanced ? truth : 0].push_back(
        static_cast<int64_t>(index));
  }
  for (auto* pools : {&falseNegatives, &rest})
    for (auto& list : *pools) std::shuffle(list.begin(), list.end(), random);
  auto chosen = takeBalanced(falseNegatives, std::min(limits.maxFalseNegatives, limits.maxSamples));
  const auto filler = takeBalanced(rest, limits.maxSamples - chosen.size());
  chosen.insert(chosen.end(), filler.begin(), filler.end());
  return chosen;
}

}  // namespace voxsiam::learn
