#include "core/edit/effects/OrganLogic.h"
#include "core/edit/effects/EffectTable.h"

namespace voxsiam::edit {

std::size_t combineOrgans(ChangeRecorder& recorder, OrganLogic operation, std::uint16_t target,
                          const image::LabelMap& sourceLabels, std::uint16_t source,
                          const EffectScope& scope) {
  const auto& labels = recorder.labels();
  if (!sourceLabels.geometry().sameGrid(labels.geometry())) return 0;
  const bool sameMap = &sourceLabels == &labels;
  // Read the source before writing: with the same map, writes would change what is read.
  std::vector<unsigned char> isSource(labels.voxelCount());
  for (std::size_t index = 0; index < labels.voxelCount(); ++index)
    isSource[index] = sourceLabels[index] == source;
  const std::size_t before = recorder.size();
  for (std::size_t index = 0; index < labels.voxelCount(); ++index) {
    const std::uint16_t current = labels[index];
    const bool inSource = isSource[index];
    switch (operation) {
      case OrganLogic::Copy:
        if (!inSource && current == target) recorder.set(index, 0);
        [[fallthrough]];
      case OrganLogic::Add:
        if (inSource && current != target &&
            ((sameMap && current == source) || scope.mayPaint(index, current, target)))
          recorder.set(index, target);
        break;
      case OrganLogic::Subtract:
        if (inSource && current == target) recorder.set(index, 0);
        break;
      case OrganLogic::Intersect:
        if (!inSource && current == target) recorder.set(index, 0);
        break;
    }
  }
  return recorder.size() - before;
}

EffectEntry organLogicEffect() {
  return {"logic", "Logical operations",
          [](ChangeRecorder& recorder, const EffectRequest& request) {
            const auto operation = request.variant == "copy"        ? OrganLogic::Copy
                                   : request.variant == "subtract"  ? OrganLogic::Subtract
                                   : request.variant == "intersect" ? OrganLogic::Intersect
                                                                    : OrganLogic::Add;
            return combineOrgans(recorder, operation, request.label, recorder.labels(),
                                 request.source, request.scope);
          },
          [](const EffectRequest& request, const std::string& organ) {
            return (request.variant.empty() ? std::string("add") : request.variant) + " into " +
                   organ;
          }};
}

}  // namespace voxsiam::edit
