#pragma once
#include <torch/types.h>

#include <string>
#include <vector>

namespace voxsiam::learn {

class DistributedGroup;

/// What the ranks of a data-parallel run agree on, and a single process trivially: sums over the
/// ranks, a stop that any rank asks for, one time value, rank 0's bytes. Without a group (or a
/// group of one) every operation is local and free.
class RankAgreement {
 public:
  /// `group` (may be nullptr: one process) must outlive this.
  explicit RankAgreement(DistributedGroup* group = nullptr) : group_(group) {}

  int rank() const;
  int size() const;
  bool leader() const { return rank() == 0; }
  bool distributed() const { return size() > 1; }
  /// This rank's index among the ranks of its machine, and how many there are.
  int localRank() const;
  int localSize() const;
  /// Sums `tensors` over the ranks, in place; a `patient` sum waits as long as ranks may
  /// legitimately differ (validation shared out), the others the step timeout.
  void sum(const std::vector<torch::Tensor>& tensors, bool patient = false) const;
  /// True on every rank when `flag` is true on any.
  bool any(bool flag) const;
  /// `value` averaged over the ranks: one value everywhere.
  double mean(double value) const;
  /// Rank 0's `bytes` on every rank.
  void shareFromLeader(std::string& bytes) const;

 private:
  DistributedGroup* group_;
};

}  // namespace voxsiam::learn
