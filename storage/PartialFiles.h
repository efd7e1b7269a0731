#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace voxsiam::storage {

/// Removes, in `folder` (not below it), the partial files of writes that can no longer finish:
/// names holding ".partial<PID>" whose process no longer runs on this machine, and names holding
/// ".partial" without a PID that are older than an hour. Files of writes still running are kept.
/// Returns the names removed; a folder that is missing or cannot be read removes nothing.
std::vector<std::string> removeStalePartialFiles(const std::filesystem::path& folder);

/// True when `name` is a partial file of an atomic write (holds ".partial" or starts with ".").
bool isPartialFileName(const std::string& name);

}  // namespace voxsiam::storage
