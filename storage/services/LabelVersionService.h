#pragma once
#include <vector>

#include "core/image/Image3D.h"
#include "storage/Project.h"
#include "storage/repository/LabelVersionRepository.h"
#include "storage/repository/MetricsRepository.h"

namespace voxsiam::storage {

/// How a new label version is scored against its case's newest approved version.
enum class Scoring {
  Dice,  ///< Dice per organ only: cheap enough for every save in the studio
  Full,  ///< Dice, HD95 and ASSD per organ (DESIGN.md §3): for model predictions
};

/// The one way label versions are added with their scores, for the studio (saving a correction,
/// predicting with a model) and the command line: the version is saved, then scored per organ
/// of the project's scheme against the case's newest approved version, and the scores stored.
class LabelVersionService {
 public:
  explicit LabelVersionService(Project& project);

  /// Saves `labels` as `version`, scores it (when the case has an approved version other than
  /// this one) and returns its id.
  long long saveAndScore(const repository::NewLabelVersion& version, const image::LabelMap& labels,
                         Scoring scoring);

  /// Dice, HD95 and ASSD of `version` against `reference`: the stored scores when they are full,
  /// else computed now and stored.
  std::vector<repository::OrganScore> fullScores(const repository::LabelVersionInfo& version,
                                                 const repository::LabelVersionInfo& reference);

 private:
  std::vector<repository::OrganScore> score(const image::LabelMap& labels,
                                            const image::LabelMap& reference,
                                            Scoring scoring) const;

  Project& project_;
};

}  // namespace voxsiam::storage
