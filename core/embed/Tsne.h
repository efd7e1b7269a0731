#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

namespace voxsiam::embed {

/// Settings of a t-SNE run (defaults as in van der Maaten's and Rtsne's).
struct TsneOptions {
  double perplexity = 30;
  double theta = 0.5;  ///< Barnes-Hut accuracy; 0 = exact t-SNE
  int iterations = 1000;
  std::uint64_t seed = 42;
  double earlyExaggeration = 12;
  int exaggerationIterations = 250;
  double learningRate = 200;
  std::size_t pcaDimensions =
      50;                ///< reduce the input to this many principal components first; 0 = off
  unsigned threads = 0;  ///< 0: all hardware threads
};

/// Result of a run.
struct TsneResult {
  std::vector<double> embedding;  ///< n x 2, row-major
  double kl = 0;  ///< KL(P || Q) of the final embedding, with Q computed exactly over all pairs
  int iterations = 0;  ///< done (fewer when cancelled)
  bool cancelled = false;
};

/// Embeds `n` points of `dimensions` features (row-major) in 2-D. Exact t-SNE (dense P, exact
/// gradient) when theta is 0; otherwise P over the 3·perplexity nearest neighbours and
/// Barnes-Hut repulsion. `progress` (may be empty) is called every 50 iterations with the
/// iteration count; `cancel` (may be null) stops the optimisation early. Throws
/// std::invalid_argument for n < 4, a perplexity too large for n, or non-finite features.
TsneResult runTsne(const std::vector<double>& features, std::size_t n, std::size_t dimensions,
                   const TsneOptions& options, const std::function<void(int)>& progress = {},
                   const std::atomic<bool>* cancel = nullptr);

/// KL(P || Q) of any 2-D `embedding` of `features` with the P a run with `options` would use
/// (sparse over the nearest neighbours, or dense when theta is 0) and Q computed exactly: to
/// compare embeddings made by other programs on the same footing.
double embeddingKl(const std::vector<double>& features, std::size_t n, std::size_t dimensions,
                   const TsneOptions& options, const std::vector<double>& embedding);

/// KL(P || Q) of a 2-D embedding for a dense joint probability matrix P (n x n), exactly.
double exactKl(const std::vector<double>& denseP, const std::vector<double>& embedding,
               std::size_t n);

}  // namespace voxsiam::embed
