#pragma once
#include <string>

#include "core/image/Image3D.h"
#include "core/image/preprocess/Preprocessor.h"
#include "core/learn/TrainingConfig.h"

namespace voxsiam::segment {

/// One case on disk: its image, its label map and the mapping of the label file's ids into the
/// scheme (identity, totalseg, amos, btcv or a mapping file).
struct CaseFiles {
  std::string name;
  std::string image;
  std::string label;
  std::string map = "identity";
  /// Organ ids its labels annotate (others are unknown, never background); empty: all.
  std::vector<std::uint16_t> annotated;
};

/// Reads, maps and preprocesses one case onto its working grid. Throws image::InputError naming the
/// file for unreadable files, image and label on different grids, or labels outside the scheme.
learn::TrainingVolume prepareCase(const CaseFiles& files, const image::PreprocessOptions& options,
                                  int64_t classes);

/// Preprocesses an image and its label map (same grid, ids already in the scheme) onto the working
/// grid of `options`: the volume the trainer and the validation of a run see.
learn::TrainingVolume prepareVolume(const std::string& name, const image::Volume& ct,
                                    const image::LabelMap& labels,
                                    const image::PreprocessOptions& options);

}  // namespace voxsiam::segment
