#include "storage/repository/RunState.h"

#include <stdexcept>

namespace voxsiam::storage {
namespace {

constexpr std::pair<RunState, const char*> kNames[] = {{RunState::Queued, "queued"},
                                                       {RunState::Running, "running"},
                                                       {RunState::Finished, "finished"},
                                                       {RunState::Failed, "failed"},
                                                       {RunState::Cancelled, "cancelled"}};

}  // namespace

std::string toString(RunState state) {
  for (const auto& [value, name] : kNames)
    if (value == state) return name;
  return "queued";
}

RunState parseRunState(const std::string& text) {
  for (const auto& [value, name] : kNames)
    if (text == name) return value;
  throw std::invalid_argument("unknown training run state '" + text +
                              "' (allowed: queued, running, finished, failed, cancelled)");
}

bool hasEnded(RunState state) {
  return state == RunState::Finished || state == RunState::Failed || state == RunState::Cancelled;
}

}  // namespace voxsiam::storage
