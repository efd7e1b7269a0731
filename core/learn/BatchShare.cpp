#include "core/learn/BatchShare.h"

#include <stdexcept>
#include <string>

#include "core/learn/Losses.h"

namespace voxsiam::learn {

BatchShare BatchShare::of(int64_t total, int rank, int ranks,
                          std::function<void(const std::vector<torch::Tensor>&)> sum) {
  if (ranks < 1 || rank < 0 || rank >= ranks)
    throw std::invalid_argument("rank " + std::to_string(rank) + " of " + std::to_string(ranks));
  if (total < ranks)
    throw std::invalid_argument("a batch of " + std::to_string(total) +
                                " samples cannot be shared by " + std::to_string(ranks) +
                                " processes: use a batch size of at least the process count");
  BatchShare share;
  share.first = total * rank / ranks;
  share.count = total * (rank + 1) / ranks - share.first;
  share.total = total;
  share.ranks = ranks;
  share.sumOverRanks = std::move(sum);
  return share;
}

torch::Tensor BatchShare::local(const torch::Tensor& batch) const {
  if (!batch.defined() || !distributed()) return batch;
  return batch.narrow(0, first, count);
}

torch::Tensor BatchShare::summed(const torch::Tensor& local) const {
  auto total = local.detach().clone();
  if (distributed()) sumOverRanks({total});
  return total;
}

torch::Tensor BatchShare::joined(const torch::Tensor& local) const {
  if (!distributed()) return local;
  return rankSumSurrogate(local, summed(local));
}

}  // namespace voxsiam::learn
