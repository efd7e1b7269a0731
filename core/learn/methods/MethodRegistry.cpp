#include <stdexcept>

#include "core/learn/methods/FeatureLoss.h"

namespace voxsiam::learn {

#define VOXSIAM_METHOD(function) MethodEntry function();
#include "core/learn/methods/Methods.def"
#undef VOXSIAM_METHOD

const std::vector<MethodEntry>& methodEntries() {
  static const std::vector<MethodEntry> entries{
#define VOXSIAM_METHOD(function) function(),
#include "core/learn/methods/Methods.def"
#undef VOXSIAM_METHOD
  };
  return entries;
}

const std::vector<MethodInfo>& trainingMethods() {
  static const std::vector<MethodInfo> methods = [] {
    std::vector<MethodInfo> infos;
    for (const auto& entry : methodEntries()) infos.push_back(entry.info);
    return infos;
  }();
  return methods;
}

const MethodInfo* findMethod(const std::string& name) {
  for (const auto& method : trainingMethods())
    if (method.name == name) return &method;
  return nullptr;
}

std::string methodNames(const std::string& separator) {
  std::string names;
  for (const auto& method : trainingMethods())
    names += (names.empty() ? "" : separator) + method.name;
  return names;
}

std::unique_ptr<FeatureLoss> createFeatureLoss(const std::string& name) {
  for (const auto& entry : methodEntries())
    if (entry.info.name == name && entry.createFeatureLoss) return entry.createFeatureLoss();
  throw std::invalid_argument("method '" + name +
                              "' has no feature loss (methods: " + methodNames(", ") + ")");
}

}  // namespace voxsiam::learn
