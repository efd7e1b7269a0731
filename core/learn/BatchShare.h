#pragma once
#include <torch/types.h>

#include <cstdint>
#include <functional>
#include <vector>

namespace voxsiam::learn {

/// This process's part of one data-parallel training step: every rank draws the same batch of
/// `total` samples and trains samples [first, first + count) of it. `sumOverRanks` replaces
/// tensors (in place) by their sums over the ranks; it is empty in a single-process run, where the
/// share is the whole batch.
struct BatchShare {
  int64_t first = 0;
  int64_t count = 0;
  int64_t total = 0;
  int ranks = 1;
  std::function<void(const std::vector<torch::Tensor>&)> sumOverRanks;

  /// The share of `rank` of `ranks` in a batch of `total` samples: consecutive, sizes differing
  /// by at most one, rank 0 first.
  static BatchShare of(int64_t total, int rank, int ranks,
                       std::function<void(const std::vector<torch::Tensor>&)> sum = {});

  bool distributed() const { return ranks > 1; }
  /// This rank's samples of a batch tensor (N × ...); an undefined tensor stays undefined.
  torch::Tensor local(const torch::Tensor& batch) const;
  /// A detached copy of `local` summed over the ranks.
  torch::Tensor summed(const torch::Tensor& local) const;
  /// `local`'s sum over the ranks whose gradient reaches only `local` (values of every rank,
  /// this rank's gradient path); `local` itself in a single-process run.
  torch::Tensor joined(const torch::Tensor& local) const;
};

}  // namespace voxsiam::learn
