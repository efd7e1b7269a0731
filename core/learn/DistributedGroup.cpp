#include "core/learn/DistributedGroup.h"

#include <cstdlib>
#include <cstring>
#include <stdexcept>

#ifdef VOXSIAM_HAS_C10D_GLOO
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif

namespace voxsiam::learn {
namespace {

int integerVariable(const char* name, int fallback, int low, int high) {
  const char* text = std::getenv(name);
  if (!text || !*text) return fallback;
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  if (*end != '\0' || value < low || value > high)
    throw std::invalid_argument(std::string(name) + "='" + text + "' is not a whole number in " +
                                std::to_string(low) + ".." + std::to_string(high));
  return static_cast<int>(value);
}

/// The first line of a c10d error, which carries a stack trace after it.
std::string firstLine(const std::exception& error) {
  const std::string text = error.what();
  return text.substr(0, text.find('\n'));
}

/// What went wrong, in words: "no answer within N s" for a timeout, else c10d's first line
/// without gloo's source location ("[./gloo/transport/tcp/pair.cc:598] ").
std::string cause(const std::exception& error, std::chrono::seconds waited) {
  std::string text = firstLine(error);
  if (text.find("Timed out") != std::string::npos || text.find("timed out") != std::string::npos ||
      text.find("Timeout") != std::string::npos)
    return "no answer within " + std::to_string(waited.count()) + " s";
  if (!text.empty() && text[0] == '[' && text.find("] ") != std::string::npos)
    text = text.substr(text.find("] ") + 2);
  return text;
}

}  // namespace

DistributedSettings DistributedSettings::fromEnvironment() {
  DistributedSettings settings;
  if (const char* address = std::getenv("MASTER_ADDR"); address && *address)
    settings.masterAddress = address;
  settings.masterPort = integerVariable("MASTER_PORT", settings.masterPort, 1, 65535);
  settings.worldSize = integerVariable("WORLD_SIZE", 1, 1, 4096);
  if (settings.worldSize > 1 && !std::getenv("RANK"))
    throw std::invalid_argument("WORLD_SIZE=" + std::to_string(settings.worldSize) +
                                " needs RANK (this process's rank, 0.." +
                                std::to_string(settings.worldSize - 1) + ")");
  settings.rank = integerVariable("RANK", 0, 0, settings.worldSize - 1);
  settings.localRank = integerVariable("LOCAL_RANK", settings.rank, 0, 4095);
  settings.localWorldSize =
      integerVariable("LOCAL_WORLD_SIZE", settings.worldSize, 1, settings.worldSize);
  return settings;
}

#ifdef VOXSIAM_HAS_C10D_GLOO

bool distributedAvailable() {
  return true;
}

struct DistributedGroup::Impl {
  DistributedSettings settings;
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> group;         // collectives of a training step
  c10::intrusive_ptr<c10d::ProcessGroupGloo> patientGroup;  // waits where ranks may differ

  c10::intrusive_ptr<c10d::ProcessGroupGloo> groupWith(const std::string& prefix,
                                                       std::chrono::seconds timeout) const {
    auto options = c10d::ProcessGroupGloo::Options::create();
    options->timeout = timeout;
    options->devices.push_back(
        c10d::ProcessGroupGloo::createDeviceForHostname(settings.masterAddress));
    return c10::make_intrusive<c10d::ProcessGroupGloo>(
        c10::make_intrusive<c10d::PrefixStore>(prefix, store), settings.rank, settings.worldSize,
        options);
  }

  RankLost failure(const std::string& what, const std::exception& error,
                   bool patient = false) const {
    const auto waited = patient ? settings.patience : settings.timeout;
    return RankLost("rank " + std::to_string(settings.rank) + " of " +
                    std::to_string(settings.worldSize) + ": " + what + " (" + cause(error, waited) +
                    ")");
  }
};

DistributedGroup::DistributedGroup(const DistributedSettings& settings)
    : impl_(std::make_unique<Impl>()) {
  impl_->settings = settings;
  try {
    c10d::TCPStoreOptions store;
    store.port = static_cast<std::uint16_t>(settings.masterPort);
    store.isServer = settings.rank == 0;
    store.numWorkers = settings.worldSize;
    store.timeout = settings.patience;
    impl_->store = c10::make_intrusive<c10d::TCPStore>(settings.masterAddress, store);
    impl_->group = impl_->groupWith("step/", settings.timeout);
    impl_->patientGroup = impl_->groupWith("patient/", settings.patience);
  } catch (const std::exception& error) {
    throw impl_->failure("cannot join the data-parallel run at " + settings.masterAddress + ":" +
                             std::to_string(settings.masterPort),
                         error, true);
  }
}

DistributedGroup::~DistributedGroup() = default;

int DistributedGroup::rank() const {
  return impl_->settings.rank;
}

int DistributedGroup::size() const {
  return impl_->settings.worldSize;
}

const DistributedSettings& DistributedGroup::settings() const {
  return impl_->settings;
}

void DistributedGroup::allReduceSum(const std::vector<torch::Tensor>& tensors,
                                    std::size_t bucketBytes, bool patient) {
  auto& group = patient ? impl_->patientGroup : impl_->group;
  std::size_t first = 0;
  while (first < tensors.size()) {
    std::size_t last = first, bytes = 0;
    while (last < tensors.size() && (last == first || bytes < bucketBytes))
      bytes += tensors[last++].numel() * sizeof(float);
    std::vector<torch::Tensor> flat;
    for (std::size_t t = first; t < last; ++t) flat.push_back(tensors[t].reshape({-1}));
    std::vector<torch::Tensor> bucket{torch::cat(flat).to(torch::kCPU, torch::kFloat)};
    try {
      group->allreduce(bucket)->wait();
    } catch (const std::exception& error) {
      throw impl_->failure("lost the other ranks while summing gradients", error, patient);
    }
    int64_t offset = 0;
    for (std::size_t t = first; t < last; ++t) {
      const int64_t count = tensors[t].numel();
      tensors[t].copy_(bucket[0].narrow(0, offset, count).view_as(tensors[t]));
      offset += count;
    }
    first = last;
  }
}

void DistributedGroup::broadcastBytes(std::string& bytes) {
  try {
    std::vector<torch::Tensor> size{torch::tensor({int64_t(bytes.size())}, torch::kLong)};
    impl_->patientGroup->broadcast(size)->wait();
    std::vector<torch::Tensor> data{torch::empty({size[0].item<int64_t>()}, torch::kByte)};
    if (rank() == 0) std::memcpy(data[0].data_ptr(), bytes.data(), bytes.size());
    impl_->patientGroup->broadcast(data)->wait();
    bytes.assign(static_cast<const char*>(data[0].data_ptr()), data[0].numel());
  } catch (const std::exception& error) {
    throw impl_->failure("lost the other ranks while sharing rank 0's state", error, true);
  }
}

void DistributedGroup::barrier() {
  try {
    impl_->group->barrier()->wait();
  } catch (const std::exception& error) {
    throw impl_->failure("lost the other ranks at a barrier", error);
  }
}

#else  // a LibTorch without c10d Gloo

bool distributedAvailable() {
  return false;
}

struct DistributedGroup::Impl {};

DistributedGroup::DistributedGroup(const DistributedSettings& settings) {
  throw std::runtime_error("rank " + std::to_string(settings.rank) +
                           ": this build's LibTorch has no c10d Gloo (data-parallel training "
                           "needs it; Debian: libgloo-dev)");
}

DistributedGroup::~DistributedGroup() = default;
int DistributedGroup::rank() const {
  return 0;
}
int DistributedGroup::size() const {
  return 1;
}
const DistributedSettings& DistributedGroup::settings() const {
  static const DistributedSettings single;
  return single;
}
void DistributedGroup::broadcastBytes(std::string&) {}
void DistributedGroup::allReduceSum(const std::vector<torch::Tensor>&, std::size_t, bool) {}
void DistributedGroup::barrier() {}

#endif

}  // namespace voxsiam::learn
