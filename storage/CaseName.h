#pragma once
#include <string>

namespace voxsiam::storage {

/// Longest case name, in bytes.
constexpr std::size_t kMaxCaseNameLength = 128;

/// Throws image::InputError naming `origin` unless `name` is a plain case name that is safe as a
/// file name everywhere it is written: 1..kMaxCaseNameLength bytes, no '/', '\\' or control
/// characters, not starting with '.', '-' or a space, not ending with a space.
void checkCaseName(const std::string& name, const std::string& origin);

/// `name` as a safe file name stem for exports: every character checkCaseName refuses becomes '_'
/// (for names stored before names were checked).
std::string caseFileStem(const std::string& name);

}  // namespace voxsiam::storage
