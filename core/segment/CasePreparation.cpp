#include "core/segment/CasePreparation.h"

#include "core/image/ImageReader.h"
#include "core/image/InputError.h"
#include "core/image/LabelMapping.h"
#include "core/image/SchemeLabelReader.h"

namespace voxsiam::segment {

learn::TrainingVolume prepareCase(const CaseFiles& files, const image::PreprocessOptions& options,
                                  int64_t classes) {
  const image::Volume ct = image::readVolume(files.image);
  const auto mapping = image::LabelMapping::builtin(files.map);
  const image::LabelMap labels =
      image::readLabelsInScheme(files.label, mapping, image::targetSchemeOf(mapping)).labels;
  if (!labels.geometry().sameGrid(ct.geometry()))
    throw image::InputError(
        files.label,
        "grid (size, spacing, origin or direction) differs from its image " + files.image);
  static_assert(image::kNotAnnotated == learn::kIgnoreLabel, "one value for unannotated voxels");
  for (auto label : labels.voxels())
    if (label >= classes && label != image::kNotAnnotated)
      throw image::InputError(
          files.label, "holds label " + std::to_string(label) + ", outside the scheme's 0.." +
                           std::to_string(classes - 1) + " (give a label mapping)");
  auto volume = prepareVolume(files.name, ct, labels, options);
  if (!files.annotated.empty()) {
    volume.annotated.assign(std::size_t(classes), false);
    volume.annotated[0] = true;
    for (const auto id : files.annotated)
      if (id < classes) volume.annotated[id] = true;
  }
  return volume;
}

learn::TrainingVolume prepareVolume(const std::string& name, const image::Volume& ct,
                                    const image::LabelMap& labels,
                                    const image::PreprocessOptions& options) {
  const auto prepared = image::Preprocessor(options).prepare(ct, &labels);
  learn::TrainingVolume volume;
  volume.name = name;
  const auto& size = prepared.image.size();
  volume.size = {int64_t(size[0]), int64_t(size[1]), int64_t(size[2])};
  volume.spacing = prepared.image.geometry().spacing;
  volume.image = prepared.image.voxels();
  volume.labels.assign(prepared.labels->voxels().begin(), prepared.labels->voxels().end());
  return volume;
}

}  // namespace voxsiam::segment
