#pragma once
#include <string>
#include <vector>

namespace voxsiam::learn {

/// A training method: soft Dice, plus λ times a feature loss on the sampled voxels of the
/// feature layers when the method has one. Methods are registered in core/learn/methods
/// (Methods.def); no Torch types here, so the command line and the studio can list them.
struct MethodInfo {
  std::string name;   ///< the name in configurations and on the command line: "voxsiam"
  std::string title;  ///< what a person reads in a list: "Dice + voxel-level Siamese"
  bool featureLoss = true;
};

/// Every registered method, in registration order.
const std::vector<MethodInfo>& trainingMethods();

/// The method called `name`, or nullptr when none is.
const MethodInfo* findMethod(const std::string& name);

/// "dice|voxsiam|scl": the names joined by `separator`.
std::string methodNames(const std::string& separator = "|");

}  // namespace voxsiam::learn
