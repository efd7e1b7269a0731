#include "core/learn/methods/FeatureLoss.h"

namespace voxsiam::learn {

/// Soft Dice alone: the 3D U-Net baseline, without feature layers.
MethodEntry diceOnlyMethod() {
  return {{"dice", "Dice only", false}, nullptr};
}

}  // namespace voxsiam::learn
