// bench/tsne: t-SNE of 5,000 and 20,000 points of 64-d features (Gaussian clusters, 8 classes
// like the organs) with this project's implementation and with Rtsne (Debian r-cran-rtsne) on
// the same input in the same run: perplexity 30, theta 0.5, 1000 iterations, 2 threads. Prints
// the times, their ratio and the KL divergence of both embeddings computed the same way here
// (sparse P over 90 neighbours, exact Q), and Rtsne's own final cost.
//
// usage: bench_tsne [SIZE ...]   (default 5000 20000)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/embed/Tsne.h"

namespace {

namespace fs = std::filesystem;
using voxsiam::embed::TsneOptions;

std::vector<double> clusteredFeatures(std::size_t n, std::size_t dimensions, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::normal_distribution<double> gaussian(0, 1);
  std::vector<std::vector<double>> centres(8, std::vector<double>(dimensions));
  for (auto& centre : centres)
    for (double& value : centre) value = 3 * gaussian(random);
  std::vector<double> features(n * dimensions);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t d = 0; d < dimensions; ++d)
      features[i * dimensions + d] =
          centres[i % 8][d] + gaussian(random) * (1 + 0.2 * double(i % 3));
  return features;
}

void writeCsv(const fs::path& path, const std::vector<double>& values, std::size_t columns) {
  std::ofstream out(path);
  out << std::setprecision(9);
  for (std::size_t i = 0; i < values.size(); ++i)
    out << values[i] << ((i + 1) % columns ? "," : "\n");
}

std::vector<double> readCsv(const fs::path& path) {
  std::ifstream in(path);
  std::vector<double> values;
  std::string line;
  while (std::getline(in, line)) {
    std::stringstream row(line);
    for (std::string cell; std::getline(row, cell, ',');) values.push_back(std::stod(cell));
  }
  return values;
}

/// Runs Rtsne on the CSV; returns its seconds (measured inside R) and fills its embedding.
double runRtsne(const fs::path& input, const fs::path& output, double& rtsneCost) {
  const fs::path script = input.parent_path() / "rtsne.R";
  std::ofstream(script) << "suppressMessages(library(Rtsne))\n"
                        << "x <- as.matrix(read.csv('" << input.string() << "', header=FALSE))\n"
                        << "set.seed(42)\n"
                        << "t <- system.time(r <- Rtsne(x, dims=2, perplexity=30, theta=0.5, "
                           "max_iter=1000, num_threads=2, check_duplicates=FALSE, pca=TRUE, "
                           "initial_dims=50))\n"
                        << "write.table(r$Y, '" << output.string()
                        << "', sep=',', row.names=FALSE, col.names=FALSE)\n"
                        << "cat(t[['elapsed']], tail(r$itercosts, 1), '\\n')\n";
  FILE* pipe = popen(("Rscript '" + script.string() + "' 2>/dev/null").c_str(), "r");
  if (!pipe) return -1;
  double seconds = -1;
  rtsneCost = -1;
  if (std::fscanf(pipe, "%lf %lf", &seconds, &rtsneCost) != 2) seconds = -1;
  pclose(pipe);
  return seconds;
}

void benchmark(std::size_t n, const fs::path& scratch) {
  const std::size_t dimensions = 64;
  const auto features = clusteredFeatures(n, dimensions, n);
  TsneOptions options;
  options.threads = 2;
  const auto start = std::chrono::steady_clock::now();
  const auto ours = voxsiam::embed::runTsne(features, n, dimensions, options);
  const double ourSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  writeCsv(scratch / "features.csv", features, dimensions);
  double rtsneCost = 0;
  const double rtsneSeconds = runRtsne(scratch / "features.csv", scratch / "rtsne.csv", rtsneCost);
  std::cout << std::fixed << std::setprecision(2) << n << " points x " << dimensions
            << " features:\n  voxsiam  " << ourSeconds << " s, KL " << std::setprecision(4)
            << ours.kl << "\n";
  if (rtsneSeconds < 0) {
    std::cout << "  Rtsne    not available (install r-cran-rtsne)\n";
    return;
  }
  const double rtsneKl =
      voxsiam::embed::embeddingKl(features, n, dimensions, options, readCsv(scratch / "rtsne.csv"));
  std::cout << std::setprecision(2) << "  Rtsne    " << rtsneSeconds << " s, KL "
            << std::setprecision(4) << rtsneKl << " (its own final cost " << rtsneCost << ")\n"
            << std::setprecision(2) << "  speed-up " << rtsneSeconds / ourSeconds
            << "x (goal >= 3x at 20,000), KL " << std::showpos
            << 100 * (ours.kl - rtsneKl) / rtsneKl << std::noshowpos << " % (goal <= +2 %)\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::size_t> sizes;
  for (int index = 1; index < argc; ++index) sizes.push_back(std::stoul(argv[index]));
  if (sizes.empty()) sizes = {5000, 20000};
  const fs::path scratch = fs::temp_directory_path() / "voxsiam-bench-tsne";
  fs::create_directories(scratch);
  for (const std::size_t n : sizes) benchmark(n, scratch);
  fs::remove_all(scratch);
  return 0;
}
