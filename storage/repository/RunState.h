#pragma once
#include <string>

namespace voxsiam::storage {

/// State of a training run: queued (new, or stopped to be resumed) -> running -> finished,
/// failed or cancelled. A run left running or queued with a checkpoint can be resumed.
enum class RunState { Queued, Running, Finished, Failed, Cancelled };

/// "queued", "running", "finished", "failed", "cancelled" (as stored with the run).
std::string toString(RunState state);
/// Parses toString's form. Throws std::invalid_argument listing the allowed values.
RunState parseRunState(const std::string& text);
/// Finished, failed and cancelled: the run has ended.
bool hasEnded(RunState state);

}  // namespace voxsiam::storage
