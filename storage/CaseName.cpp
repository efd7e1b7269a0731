#include "storage/CaseName.h"

#include "core/image/InputError.h"

namespace voxsiam::storage {
namespace {

bool forbidden(unsigned char c) {
  return c < 0x20 || c == 0x7f || c == '/' || c == '\\';
}

bool badStart(char c) {
  return c == '.' || c == '-' || c == ' ';
}

}  // namespace

void checkCaseName(const std::string& name, const std::string& origin) {
  const auto refuse = [&](const std::string& why) {
    std::string shown;
    for (const char c : name) shown += forbidden(static_cast<unsigned char>(c)) ? '?' : c;
    throw image::InputError(origin, "case name '" + shown + "' " + why);
  };
  if (name.empty()) refuse("is empty");
  if (name.size() > kMaxCaseNameLength)
    refuse("is longer than " + std::to_string(kMaxCaseNameLength) + " bytes");
  for (const char c : name) {
    if (forbidden(static_cast<unsigned char>(c)))
      refuse("holds a path separator or control character");
  }
  if (badStart(name.front())) refuse("starts with '.', '-' or a space");
  if (name.back() == ' ') refuse("ends with a space");
}

std::string caseFileStem(const std::string& name) {
  std::string stem = name.substr(0, kMaxCaseNameLength);
  for (char& c : stem) {
    if (forbidden(static_cast<unsigned char>(c))) c = '_';
  }
  if (stem.empty() || badStart(stem.front())) stem = "_" + stem;
  return stem;
}

}  // namespace voxsiam::storage
