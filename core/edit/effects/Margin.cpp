#include "core/edit/effects/Margin.h"
#include "core/edit/effects/EffectTable.h"

#include <cmath>
#include <sstream>

#include "core/edit/effects/RegionBox.h"

namespace voxsiam::edit {

std::size_t applyMargin(ChangeRecorder& recorder, std::uint16_t label, double mm,
                        const EffectScope& scope) {
  const auto& labels = recorder.labels();
  const auto& geometry = labels.geometry();
  const auto organ = RegionBox::around(labels, label);
  if (!organ || mm == 0 || !std::isfinite(mm)) return 0;
  const std::size_t before = recorder.size();
  const RegionBox box = mm > 0 ? organ->grown(mm, geometry) : *organ;
  const auto mask = box.maskOf(labels, label);
  const auto result =
      mm > 0 ? dilate(mask, box, geometry.spacing, mm) : erode(mask, box, geometry.spacing, -mm);
  for (std::size_t local = 0; local < mask.size(); ++local) {
    if (result[local] == mask[local]) continue;
    const std::size_t index = box.gridIndex(geometry, local);
    if (result[local]) {
      if (scope.mayPaint(index, labels[index], label)) recorder.set(index, label);
    } else {
      recorder.set(index, 0);
    }
  }
  return recorder.size() - before;
}

EffectEntry marginEffect() {
  return {"margin", "Margin",
          [](ChangeRecorder& recorder, const EffectRequest& request) {
            return applyMargin(recorder, request.label, request.mm, request.scope);
          },
          [](const EffectRequest& request, const std::string& organ) {
            std::ostringstream text;
            text << (request.mm >= 0 ? "grow " : "shrink ") << organ << " by "
                 << std::abs(request.mm) << " mm";
            return text.str();
          }};
}

}  // namespace voxsiam::edit
