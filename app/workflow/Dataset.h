#pragma once
#include <string>
#include <vector>

#include "app/workflow/RunConfig.h"
#include "core/learn/TrainingConfig.h"

namespace voxsiam::workflow {

/// One training case on disk.
struct CaseFiles {
  std::string name;
  std::string image;
  std::string label;
  std::string map = "identity";
};

/// The cases of the data sources: folders in the nnU-Net / Decathlon layout
/// (imagesTr/NAME_0000.nii[.gz] with labelsTr/NAME.nii[.gz]) and single pairs. Throws InputError
/// for a folder without imagesTr or a case whose label file is missing.
std::vector<CaseFiles> listCases(const std::vector<DataSource>& sources);

/// Reads, maps and preprocesses one case onto its working grid. Throws InputError naming the
/// file for unreadable files, image and label on different grids, or labels outside the scheme.
learn::TrainingVolume prepareCase(const CaseFiles& files, const image::PreprocessOptions& options,
                                  int64_t classes);

/// Preprocesses an image and its label map (same grid, ids already in the scheme) onto the working
/// grid of `options`.
learn::TrainingVolume prepareVolume(const std::string& name, const image::Volume& ct,
                                    const image::LabelMap& labels,
                                    const image::PreprocessOptions& options);

/// Splits cases into training and validation: the cases named in `validationNames` when given
/// (InputError for a name that is not a case), else round(fraction × count) cases chosen
/// reproducibly from `seed`; at least one case trains.
std::pair<std::vector<CaseFiles>, std::vector<CaseFiles>> splitCases(
    std::vector<CaseFiles> cases, double fraction, uint64_t seed,
    const std::vector<std::string>& validationNames = {});

}  // namespace voxsiam::workflow
