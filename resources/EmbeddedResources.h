#pragma once
#include <map>
#include <string>
#include <vector>

namespace voxsiam::resources {

/// Returns the content of the embedded data file `key` (a path relative to resources/, e.g.
/// "label_schemes/gibson8.json"), or nullptr when no such file was embedded.
const std::string* embeddedResource(const std::string& key);

/// Lists the keys of all embedded files whose path starts with `prefix`, sorted.
std::vector<std::string> embeddedResourceKeys(const std::string& prefix);

}  // namespace voxsiam::resources
