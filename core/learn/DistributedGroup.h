#pragma once
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <torch/types.h>

namespace voxsiam::learn {

/// Where this process stands in a data-parallel run, in torchrun's terms.
struct DistributedSettings {
  std::string masterAddress = "127.0.0.1";
  int masterPort = 29500;
  int rank = 0;
  int worldSize = 1;
  int localRank = 0;
  int localWorldSize = 1;  ///< ranks on this machine (they share its CPU cores)
  /// How long a collective of a training step waits for the other ranks before it fails (with
  /// the launcher's 10 s for the rest to end, a hung rank stops its run within a minute).
  std::chrono::seconds timeout{45};
  /// How long the rendezvous and the waits where ranks legitimately differ (rank 0 loading its
  /// state, validation cases shared unevenly) last before they fail.
  std::chrono::seconds patience{600};

  /// From MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE, LOCAL_RANK and LOCAL_WORLD_SIZE (unset:
  /// one process; MASTER_ADDR 127.0.0.1 and MASTER_PORT 29500 as torchrun's; LOCAL_WORLD_SIZE:
  /// WORLD_SIZE). Throws std::invalid_argument naming a malformed variable, or RANK missing
  /// where WORLD_SIZE > 1.
  static DistributedSettings fromEnvironment();
  bool distributed() const { return worldSize > 1; }
};

/// A data-parallel run lost a rank (it died, hung past the timeout or never came).
class RankLost : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// True when this LibTorch has c10d with Gloo (Debian's does; it needs libgloo-dev's headers).
bool distributedAvailable();

/// A c10d process group over TCP (rendezvous through c10d's TCPStore on the master's address;
/// Gloo on CPU): the ranks of one data-parallel run. Every failure — a rank that never comes, a
/// rank that dies, a collective that waits past the timeout — is a std::runtime_error with one
/// line naming this rank and what went wrong, never a hang.
class DistributedGroup {
 public:
  /// Joins the run described by `settings` (blocks until every rank has joined or the timeout
  /// passes).
  explicit DistributedGroup(const DistributedSettings& settings);
  ~DistributedGroup();
  DistributedGroup(const DistributedGroup&) = delete;
  DistributedGroup& operator=(const DistributedGroup&) = delete;

  int rank() const;
  int size() const;
  /// The settings this group was joined with (local rank: which GPU of the machine).
  const DistributedSettings& settings() const;
  /// Replaces every tensor of `tensors` (CPU, float) by its sum over all ranks; the tensors are
  /// packed into flat buckets of about `bucketBytes` so that a model's many small gradients take
  /// few collectives. A `patient` sum waits up to settings().patience, others settings().timeout.
  void allReduceSum(const std::vector<torch::Tensor>& tensors,
                    std::size_t bucketBytes = kBucketBytes, bool patient = false);
  static constexpr std::size_t kBucketBytes = 25u << 20;
  /// Gives every rank rank 0's `bytes` (the others' are replaced); waits patiently.
  void broadcastBytes(std::string& bytes);
  /// Waits until every rank has arrived.
  void barrier();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace voxsiam::learn
