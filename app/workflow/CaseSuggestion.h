#pragma once
#include <functional>
#include <string>
#include <vector>

namespace voxsiam::storage {
class Project;
}
namespace voxsiam::segment {
class Segmenter;
}

namespace voxsiam::workflow {

/// A case without approved labels, scored for labelling next.
struct CaseSuggestion {
  long long caseId = 0;
  std::string name;
  double uncertainty = 0;  ///< mean uncertainty over the voxels the model calls organ or doubts
  double novelty = 0;      ///< distance of its pooled features to the nearest approved case's
                           ///< (in units of the approved cases' typical distance to each other)
  int uncertaintyRank = 0, noveltyRank = 0;  ///< 1 = the most uncertain / the most novel
  std::string reason;                        ///< one line saying why it ranks where it does
};

/// Ranks the cases of `project` that have no approved labels (no version or organ approved) by
/// the mean of their uncertainty rank and their novelty rank under `model` (best first; at
/// most `count`, 0: all). `progress` gets a line per case.
std::vector<CaseSuggestion> suggestCases(storage::Project& project, const segment::Segmenter& model,
                                         std::size_t count,
                                         const std::function<void(const std::string&)>& progress);

}  // namespace voxsiam::workflow
