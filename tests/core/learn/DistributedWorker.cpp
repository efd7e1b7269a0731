// One rank of the DistributedGroup tests: joins the run that MASTER_ADDR, MASTER_PORT, RANK and
// WORLD_SIZE describe and sums two tensors over the ranks in small buckets, printing the sums;
// with argument "die", rank 1 kills itself with SIGKILL after joining.
#include <csignal>
#include <iostream>
#include <string>

#include "core/learn/DistributedGroup.h"

int main(int argc, char** argv) {
  using namespace voxsiam::learn;
  try {
    auto settings = DistributedSettings::fromEnvironment();
    settings.timeout = std::chrono::seconds(20);
    settings.patience = std::chrono::seconds(20);
    DistributedGroup group(settings);
    if (argc > 1 && std::string(argv[1]) == "die" && group.rank() == 1) std::raise(SIGKILL);
    const float r = float(group.rank() + 1);
    const std::vector<torch::Tensor> tensors{torch::full({1000}, r), torch::full({3, 5}, 10 * r),
                                             torch::arange(7, torch::kFloat) * r};
    group.allReduceSum(tensors, 2000);
    std::cout << "sums " << tensors[0][999].item<float>() << " " << tensors[1][2][4].item<float>()
              << " " << tensors[2][6].item<float>() << std::endl;
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "worker: " << error.what() << "\n";
    return 1;
  }
}
