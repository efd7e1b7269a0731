#include "core/edit/effects/EffectTable.h"

namespace voxsiam::edit {

#define VOXSIAM_EFFECT(function) EffectEntry function();
#include "core/edit/effects/Effects.def"
#undef VOXSIAM_EFFECT

const std::vector<EffectEntry>& effects() {
  static const std::vector<EffectEntry> table{
#define VOXSIAM_EFFECT(function) function(),
#include "core/edit/effects/Effects.def"
#undef VOXSIAM_EFFECT
  };
  return table;
}

const EffectEntry* findEffect(const std::string& id) {
  for (const auto& entry : effects())
    if (entry.id == id) return &entry;
  return nullptr;
}

}  // namespace voxsiam::edit
