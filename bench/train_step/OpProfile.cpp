#include "bench/train_step/OpProfile.h"

#include <torch/csrc/autograd/profiler_legacy.h>

#include <algorithm>
#include <map>

namespace voxsiam::bench {
namespace {

namespace profiler = torch::autograd::profiler;

/// An open operator on one thread's stack: its start event and the time of its children.
struct OpenOperator {
  const profiler::LegacyEvent* start;
  double childMicroseconds = 0;
};

void addThreadEvents(const std::vector<profiler::LegacyEvent>& events,
                     std::map<std::string, OperatorTime>& byName) {
  std::vector<OpenOperator> stack;
  for (const auto& event : events) {
    if (event.kind() == profiler::EventKind::PushRange) {
      stack.push_back({&event});
    } else if (event.kind() == profiler::EventKind::PopRange && !stack.empty()) {
      const OpenOperator open = stack.back();
      stack.pop_back();
      const double total = open.start->cpuElapsedUs(event);
      auto& entry = byName[open.start->name()];
      entry.name = open.start->name();
      entry.milliseconds += (total - open.childMicroseconds) / 1000.0;
      ++entry.calls;
      if (!stack.empty()) stack.back().childMicroseconds += total;
    }
  }
}

}  // namespace

std::vector<OperatorTime> profileOperators(const std::function<void()>& work) {
  profiler::enableProfilerLegacy(
      torch::profiler::impl::ProfilerConfig(torch::profiler::impl::ProfilerState::CPU));
  work();
  const auto threads = profiler::disableProfilerLegacy();
  std::map<std::string, OperatorTime> byName;
  for (const auto& events : threads) addThreadEvents(events, byName);
  std::vector<OperatorTime> times;
  for (auto& [name, time] : byName) times.push_back(time);
  std::sort(times.begin(), times.end(),
            [](const auto& a, const auto& b) { return a.milliseconds > b.milliseconds; });
  return times;
}

double convolutionShare(const std::vector<OperatorTime>& times) {
  double all = 0, convolution = 0;
  for (const auto& time : times) {
    all += time.milliseconds;
    if (time.name.find("convolution") != std::string::npos) convolution += time.milliseconds;
  }
  return all > 0 ? convolution / all : 0;
}

}  // namespace voxsiam::bench
