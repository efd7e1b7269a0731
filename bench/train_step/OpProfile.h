#pragma once
#include <functional>
#include <string>
#include <vector>

namespace voxsiam::bench {

/// Self time of one operator name summed over a profiled run.
struct OperatorTime {
  std::string name;
  double milliseconds = 0;
  int calls = 0;
};

/// Runs `work` under LibTorch's profiler (CPU events of every thread) and returns the operators'
/// self times (an operator's time less that of the operators it called), largest first.
std::vector<OperatorTime> profileOperators(const std::function<void()>& work);

/// Share (0..1) of the total self time spent in operators whose name contains "convolution"
/// (forward and backward convolution kernels).
double convolutionShare(const std::vector<OperatorTime>& times);

}  // namespace voxsiam::bench
