#include "core/learn/DistributedGroup.h"

#include <cstdlib>
#include <stdexcept>

#ifdef VOXSIAM_HAS_C10D_GLOO
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

}  // namespace

DistributedSettings DistributedSettings::fromEnvironment() {
  DistributedSettings settings;
  if (const char* address = std::getenv("MASTER_ADDR"); address && *address)
    settings.masterAddress = address;
  settings.masterPort = integerVariable("MASTER_PORT", settings.masterPort, 1, 65535);
  settings.worldSize = integerVariable("WORLD_SIZE", 1, 1, 4096);
  settings.rank = integerVariable("RANK", 0, 0, settings.worldSize - 1);
  settings.localRank = integerVariable("LOCAL_RANK", settings.rank, 0, 4095);
  return settings;
}

#ifdef VOXSIAM_HAS_C10D_GLOO

bool distributedAvailable() {
  return true;
}

struct DistributedGroup::Impl {
  DistributedSettings settings;
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> group;

  std::runtime_error failure(const std::string& what, const std::exception& error) const {
    return std::runtime_error("rank " + std::to_string(settings.rank) + " of " +
                              std::to_string(settings.worldSize) + ": " + what + " (" +
                              firstLine(error) + " after at most " +
                              std::to_string(settings.timeout.count()) + " s)");
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
    store.timeout = settings.timeout;
    impl_->store = c10::make_intrusive<c10d::TCPStore>(settings.masterAddress, store);
    auto options = c10d::ProcessGroupGloo::Options::create();
    options->timeout = settings.timeout;
    options->devices.push_back(
        c10d::ProcessGroupGloo::createDeviceForHostname(settings.masterAddress));
    impl_->group = c10::make_intrusive<c10d::ProcessGroupGloo>(impl_->store, settings.rank,
                                                               settings.worldSize, options);
  } catch (const std::exception& error) {
    throw impl_->failure("cannot join the data-parallel run at " + settings.masterAddress + ":" +
                             std::to_string(settings.masterPort),
                         error);
  }
}

DistributedGroup::~DistributedGroup() = default;

int DistributedGroup::rank() const {
  return impl_->settings.rank;
}

int DistributedGroup::size() const {
  return impl_->settings.worldSize;
}

void DistributedGroup::allReduceSum(const std::vector<torch::Tensor>& tensors,
                                    std::size_t bucketBytes) {
  std::size_t first = 0;
  while (first < tensors.size()) {
    std::size_t last = first, bytes = 0;
    while (last < tensors.size() && (last == first || bytes < bucketBytes))
      bytes += tensors[last++].numel() * sizeof(float);
    std::vector<torch::Tensor> flat;
    for (std::size_t t = first; t < last; ++t) flat.push_back(tensors[t].reshape({-1}));
    std::vector<torch::Tensor> bucket{torch::cat(flat).to(torch::kFloat)};
    try {
      impl_->group->allreduce(bucket)->wait();
    } catch (const std::exception& error) {
      throw impl_->failure("lost the other ranks while summing gradients", error);
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
void DistributedGroup::allReduceSum(const std::vector<torch::Tensor>&, std::size_t) {}
void DistributedGroup::barrier() {}

#endif

}  // namespace voxsiam::learn
