#pragma once
#include <string>
#include <vector>

#include "app/workflow/RunConfig.h"
#include "core/image/LabelScheme.h"
#include "core/segment/CasePreparation.h"

namespace voxsiam::workflow {

/// The cases of the data sources: dataset folders in any layout `project import` reads
/// (core/image/DatasetLayout.h: nnU-Net / Decathlon, BTCV, image/label pairs, a DICOM study;
/// NIfTI, NRRD or MetaImage files), without their test part, and single image/label pairs.
/// A source that lists the organs it annotates gives its cases those ids (of `scheme`). Throws
/// image::InputError for a folder with no case, a case without a label file (naming it), or an
/// organ the scheme does not have.
std::vector<segment::CaseFiles> listCases(const std::vector<DataSource>& sources,
                                          const image::LabelScheme& scheme);

/// Splits cases into training and validation: the cases named in `validationNames` when given
/// (image::InputError for a name that is not a case), else round(fraction × count) cases chosen
/// reproducibly from `seed`; at least one case trains.
std::pair<std::vector<segment::CaseFiles>, std::vector<segment::CaseFiles>> splitCases(
    std::vector<segment::CaseFiles> cases, double fraction, uint64_t seed,
    const std::vector<std::string>& validationNames = {});

}  // namespace voxsiam::workflow
