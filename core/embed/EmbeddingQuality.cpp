#include "core/embed/EmbeddingQuality.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace voxsiam::embed {
namespace {

double distance(const std::vector<double>& xy, std::size_t a, std::size_t b) {
  return std::hypot(xy[2 * a] - xy[2 * b], xy[2 * a + 1] - xy[2 * b + 1]);
}

}  // namespace

double knnAccuracy(const std::vector<double>& xy, const std::vector<int>& labels, int k) {
  const std::size_t n = labels.size();
  if (n < 2) return 0;
  const std::size_t neighbours = std::min<std::size_t>(std::size_t(k), n - 1);
  std::size_t correct = 0;
  std::vector<std::pair<double, int>> others(n - 1);
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t m = 0;
    for (std::size_t j = 0; j < n; ++j)
      if (j != i) others[m++] = {distance(xy, i, j), labels[j]};
    std::partial_sort(others.begin(), others.begin() + std::ptrdiff_t(neighbours), others.end());
    std::map<int, int> votes;
    for (std::size_t v = 0; v < neighbours; ++v) ++votes[others[v].second];
    const auto best =
        std::max_element(votes.begin(), votes.end(),
                         [](const auto& a, const auto& b) { return a.second < b.second; });
    correct += best->first == labels[i];
  }
  return double(correct) / double(n);
}

double silhouette(const std::vector<double>& xy, const std::vector<int>& labels) {
  const std::size_t n = labels.size();
  std::map<int, std::size_t> groupOf;
  for (const int label : labels) groupOf.emplace(label, groupOf.size());
  if (groupOf.size() < 2) return 0;
  std::vector<std::size_t> group(n), sizes(groupOf.size(), 0);
  for (std::size_t i = 0; i < n; ++i) ++sizes[group[i] = groupOf[labels[i]]];
  double total = 0;
  std::vector<double> sums(groupOf.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (sizes[group[i]] < 2) continue;
    std::fill(sums.begin(), sums.end(), 0.0);
    for (std::size_t j = 0; j < n; ++j)
      if (j != i) sums[group[j]] += distance(xy, i, j);
    const double a = sums[group[i]] / double(sizes[group[i]] - 1);
    double b = 1e300;
    for (std::size_t g = 0; g < sums.size(); ++g)
      if (g != group[i]) b = std::min(b, sums[g] / double(sizes[g]));
    total += (b - a) / std::max(a, b);
  }
  return total / double(n);
}

}  // namespace voxsiam::embed
