#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace voxsiam::workflow {

/// Makes the ready-to-open demo project in `folder` (which must not exist or be empty): `cases`
/// synthetic abdominal CT cases from `seed` with their Gibson-8 labels, most of them approved,
/// some in review and some drafts, so that every review state can be seen. Nothing is left when
/// it fails. `progress` (may be empty) is called with each case's name.
void createDemoProject(const std::filesystem::path& folder, std::size_t cases, std::uint64_t seed,
                       const std::function<void(const std::string&)>& progress = {});

}  // namespace voxsiam::workflow
