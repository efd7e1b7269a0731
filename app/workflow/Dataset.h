#pragma once
#include <string>
#include <vector>

#include "app/workflow/RunConfig.h"
#include "core/segment/CasePreparation.h"

namespace voxsiam::workflow {

/// The cases of the data sources: folders in the nnU-Net / Decathlon layout
/// (imagesTr/NAME_0000.nii[.gz] with labelsTr/NAME.nii[.gz]) and single pairs. Throws InputError
/// for a folder without imagesTr or a case whose label file is missing.
std::vector<segment::CaseFiles> listCases(const std::vector<DataSource>& sources);

/// Splits cases into training and validation: the cases named in `validationNames` when given
/// (InputError for a name that is not a case), else round(fraction × count) cases chosen
/// reproducibly from `seed`; at least one case trains.
std::pair<std::vector<segment::CaseFiles>, std::vector<segment::CaseFiles>> splitCases(
    std::vector<segment::CaseFiles> cases, double fraction, uint64_t seed,
    const std::vector<std::string>& validationNames = {});

}  // namespace voxsiam::workflow
