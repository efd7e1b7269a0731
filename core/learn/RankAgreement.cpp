#include "core/learn/RankAgreement.h"

#include "core/learn/DistributedGroup.h"

namespace voxsiam::learn {

int RankAgreement::rank() const {
  return group_ ? group_->rank() : 0;
}

int RankAgreement::size() const {
  return group_ ? group_->size() : 1;
}

int RankAgreement::localRank() const {
  return group_ ? group_->settings().localRank : 0;
}

int RankAgreement::localSize() const {
  return group_ ? group_->settings().localWorldSize : 1;
}

void RankAgreement::sum(const std::vector<torch::Tensor>& tensors, bool patient) const {
  if (distributed()) group_->allReduceSum(tensors, DistributedGroup::kBucketBytes, patient);
}

bool RankAgreement::any(bool flag) const {
  if (!distributed()) return flag;
  const auto count = torch::tensor({flag ? 1.0f : 0.0f});
  sum({count});
  return count.item<float>() > 0.5f;
}

double RankAgreement::mean(double value) const {
  if (!distributed()) return value;
  const auto total = torch::tensor({float(value)});
  sum({total});
  return total.item<float>() / size();
}

void RankAgreement::shareFromLeader(std::string& bytes) const {
  if (distributed()) group_->broadcastBytes(bytes);
}

}  // namespace voxsiam::learn
