#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

#include "core/embed/EmbeddingQuality.h"
#include "core/embed/Tsne.h"

namespace voxsiam::embed {
namespace {

struct Clusters {
  std::vector<double> features;
  std::vector<int> labels;
  std::size_t n = 0, dimensions = 0;
};

Clusters makeClusters(std::size_t perCluster, std::size_t clusters, std::size_t dimensions,
                      double spread) {
  Clusters data;
  data.n = perCluster * clusters;
  data.dimensions = dimensions;
  std::mt19937_64 random(5);
  std::normal_distribution<double> gaussian(0, 1);
  std::vector<std::vector<double>> centres(clusters, std::vector<double>(dimensions));
  for (auto& centre : centres)
    for (double& value : centre) value = 4 * gaussian(random);
  for (std::size_t i = 0; i < data.n; ++i) {
    const int label = int(i % clusters);
    data.labels.push_back(label);
    for (std::size_t d = 0; d < dimensions; ++d)
      data.features.push_back(centres[std::size_t(label)][d] + spread * gaussian(random));
  }
  return data;
}

/// Leave-one-out k-NN classification accuracy of points (rows of `dimensions` values).
double knnAccuracyIn(const std::vector<double>& points, std::size_t dimensions,
                     const std::vector<int>& labels, int k) {
  const std::size_t n = labels.size();
  std::size_t correct = 0;
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::pair<double, int>> neighbours;
    for (std::size_t j = 0; j < n; ++j) {
      if (j == i) continue;
      double d2 = 0;
      for (std::size_t d = 0; d < dimensions; ++d) {
        const double delta = points[i * dimensions + d] - points[j * dimensions + d];
        d2 += delta * delta;
      }
      neighbours.emplace_back(d2, labels[j]);
    }
    std::partial_sort(neighbours.begin(), neighbours.begin() + k, neighbours.end());
    std::map<int, int> votes;
    for (int m = 0; m < k; ++m) ++votes[neighbours[std::size_t(m)].second];
    const auto best =
        std::max_element(votes.begin(), votes.end(),
                         [](const auto& a, const auto& b) { return a.second < b.second; });
    correct += best->first == labels[i];
  }
  return double(correct) / double(n);
}

TEST(Tsne, KeepsKnownClustersApartExactAndBarnesHut) {
  const Clusters data = makeClusters(60, 6, 20, 2.5);
  const double inputAccuracy = knnAccuracyIn(data.features, data.dimensions, data.labels, 5);
  for (const double theta : {0.0, 0.5}) {
    TsneOptions options;
    options.theta = theta;
    options.perplexity = 20;
    options.iterations = 500;
    const auto result = runTsne(data.features, data.n, data.dimensions, options);
    ASSERT_EQ(result.embedding.size(), 2 * data.n);
    const double accuracy = knnAccuracyIn(result.embedding, 2, data.labels, 5);
    EXPECT_GT(accuracy, inputAccuracy - 0.05) << "theta " << theta << ", input " << inputAccuracy;
    EXPECT_GT(result.kl, 0);
    EXPECT_LT(result.kl, 2.0);
  }
}

/// t-SNE's joint probabilities written out plainly: Gaussian conditionals with the bandwidth
/// bisected on the perplexity, symmetrised.
std::vector<double> referenceP(const std::vector<double>& x, std::size_t n, std::size_t dims,
                               double perplexity) {
  std::vector<double> p(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<double> d2(n, 0.0);
    for (std::size_t j = 0; j < n; ++j)
      for (std::size_t d = 0; d < dims; ++d)
        d2[j] += std::pow(x[i * dims + d] - x[j * dims + d], 2);
    double low = 0, high = 1e6, beta = 1;
    for (int step = 0; step < 200; ++step) {
      double sum = 0, entropy = 0;
      for (std::size_t j = 0; j < n; ++j)
        if (j != i) sum += std::exp(-beta * d2[j]);
      for (std::size_t j = 0; j < n; ++j)
        if (j != i) {
          const double pj = std::exp(-beta * d2[j]) / sum;
          if (pj > 0) entropy -= pj * std::log(pj);
        }
      if (entropy > std::log(perplexity))
        low = beta;
      else
        high = beta;
      beta = (low + high) / 2;
    }
    double sum = 0;
    for (std::size_t j = 0; j < n; ++j)
      if (j != i) sum += std::exp(-beta * d2[j]);
    for (std::size_t j = 0; j < n; ++j)
      if (j != i) p[i * n + j] = std::exp(-beta * d2[j]) / sum;
  }
  std::vector<double> joint(n * n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      joint[i * n + j] = (p[i * n + j] + p[j * n + i]) / (2.0 * n);
  return joint;
}

TEST(Tsne, ReportedKlEqualsAnExactComputationForSmallN) {
  const Clusters data = makeClusters(15, 4, 6, 1.0);
  TsneOptions options;
  options.theta = 0;
  options.perplexity = 10;
  options.iterations = 300;
  options.pcaDimensions = 0;
  const auto result = runTsne(data.features, data.n, data.dimensions, options);
  // The same input preparation: centred, divided by the largest absolute value.
  std::vector<double> x = data.features;
  for (std::size_t d = 0; d < data.dimensions; ++d) {
    double mean = 0;
    for (std::size_t i = 0; i < data.n; ++i) mean += x[i * data.dimensions + d];
    for (std::size_t i = 0; i < data.n; ++i) x[i * data.dimensions + d] -= mean / double(data.n);
  }
  double largest = 0;
  for (const double v : x) largest = std::max(largest, std::fabs(v));
  for (double& v : x) v /= largest;
  const auto p = referenceP(x, data.n, data.dimensions, options.perplexity);
  double z = 0;
  const auto& y = result.embedding;
  for (std::size_t i = 0; i < data.n; ++i)
    for (std::size_t j = 0; j < data.n; ++j)
      if (i != j)
        z += 1.0 /
             (1.0 + std::pow(y[2 * i] - y[2 * j], 2) + std::pow(y[2 * i + 1] - y[2 * j + 1], 2));
  double kl = 0;
  for (std::size_t i = 0; i < data.n; ++i)
    for (std::size_t j = 0; j < data.n; ++j) {
      if (i == j || p[i * data.n + j] <= 0) continue;
      const double q =
          1.0 /
          (1.0 + std::pow(y[2 * i] - y[2 * j], 2) + std::pow(y[2 * i + 1] - y[2 * j + 1], 2)) / z;
      kl += p[i * data.n + j] * std::log(p[i * data.n + j] / q);
    }
  EXPECT_NEAR(result.kl, kl, 1e-4 * kl);
  EXPECT_NEAR(embeddingKl(data.features, data.n, data.dimensions, options, y), kl, 1e-4 * kl);
}

TEST(EmbeddingQuality, SeparatedGroupsScoreHighMixedGroupsLow) {
  std::vector<double> separated, mixed;
  std::vector<int> labels;
  std::mt19937 random(2);
  std::normal_distribution<double> noise(0, 0.3);
  for (int i = 0; i < 90; ++i) {
    const int label = i % 3;
    labels.push_back(label);
    separated.insert(separated.end(), {label * 10 + noise(random), noise(random)});
    mixed.insert(mixed.end(), {noise(random), noise(random)});
  }
  EXPECT_DOUBLE_EQ(knnAccuracy(separated, labels, 5), 1.0);
  EXPECT_GT(silhouette(separated, labels), 0.9);
  EXPECT_LT(knnAccuracy(mixed, labels, 5), 0.6);
  EXPECT_LT(std::fabs(silhouette(mixed, labels)), 0.1);
}

TEST(Tsne, BadInputIsRefused) {
  TsneOptions options;
  EXPECT_THROW(runTsne({1, 2, 3}, 3, 1, options), std::invalid_argument);
  std::vector<double> withNan(40, 1.0);
  withNan[7] = std::nan("");
  EXPECT_THROW(runTsne(withNan, 20, 2, options), std::invalid_argument);
  EXPECT_THROW(runTsne(std::vector<double>(40, 1.0), 20, 2, options),
               std::invalid_argument);  // perplexity 30 > n
}

TEST(Tsne, CancelStopsEarly) {
  const Clusters data = makeClusters(40, 4, 10, 1.0);
  std::atomic<bool> cancel{false};
  TsneOptions options;
  options.perplexity = 10;
  const auto result = runTsne(
      data.features, data.n, data.dimensions, options,
      [&](int iteration) {
        if (iteration >= 100) cancel = true;
      },
      &cancel);
  EXPECT_TRUE(result.cancelled);
  EXPECT_EQ(result.iterations, 100);
}

}  // namespace
}  // namespace voxsiam::embed
