#include "app/cli/SchemeCheck.h"

#include <set>

#include "core/image/InputError.h"

namespace voxsiam::cli {

void requireIdsOfScheme(const std::string& path, const image::LabelMap& labels,
                        const image::LabelScheme& scheme, bool chosen) {
  if (chosen) return;
  std::set<std::uint16_t> unnamed;
  for (const std::uint16_t id : labels.voxels())
    if (id != 0 && id != 255 && !scheme.find(id)) unnamed.insert(id);
  if (unnamed.empty()) return;
  throw image::InputError(
      path, "holds " + std::to_string(unnamed.size()) + " label ids that the " + scheme.name() +
                " scheme does not name (" + std::to_string(*unnamed.begin()) + " to " +
                std::to_string(*unnamed.rbegin()) +
                "), so its organ names would be wrong: give --scheme "
                "(amos|btcv|gibson8|totalseg_v2), e.g. --scheme totalseg_v2 for TotalSegmentator");
}

}  // namespace voxsiam::cli
