#include "core/image/SegmentMatcher.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace voxsiam::image {
namespace {

/// The lower-case words of `text` (letters and digits).
std::vector<std::string> wordsOf(const std::string& text) {
  std::vector<std::string> words(1);
  for (const char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      words.back() += char(std::tolower(static_cast<unsigned char>(c)));
    } else if (!words.back().empty()) {
      words.emplace_back();
    }
  }
  if (words.back().empty()) words.pop_back();
  return words;
}

bool sameWords(const std::string& a, const std::string& b) {
  auto wordsA = wordsOf(a), wordsB = wordsOf(b);
  if (wordsA.empty() || wordsB.empty()) return false;
  std::string joinedA, joinedB;
  for (const auto& word : wordsA) joinedA += word;
  for (const auto& word : wordsB) joinedB += word;
  std::sort(wordsA.begin(), wordsA.end());
  std::sort(wordsB.begin(), wordsB.end());
  return wordsA == wordsB || joinedA == joinedB;
}

bool hasWord(const std::string& text, const std::string& word) {
  const auto words = wordsOf(text);
  return std::find(words.begin(), words.end(), word) != words.end();
}

/// "left", "right" or "" from the type modifier, else from the label text.
std::string sideOf(const SegSegment& segment) {
  const std::string& code = segment.modifier.value;
  if (code == "7771000" || code == "G-A101" || hasWord(segment.modifier.meaning, "left"))
    return "left";
  if (code == "24028007" || code == "G-A100" || hasWord(segment.modifier.meaning, "right"))
    return "right";
  if (hasWord(segment.label, "left")) return "left";
  if (hasWord(segment.label, "right")) return "right";
  return "";
}

std::uint16_t matchByCode(const SegSegment& segment, const LabelScheme& scheme) {
  if (segment.type.empty()) return 0;
  const std::string code = segment.type.scheme + ":" + segment.type.value;
  std::vector<const LabelEntry*> candidates;
  for (const auto& entry : scheme.entries()) {
    if (std::find(entry.codes.begin(), entry.codes.end(), code) != entry.codes.end())
      candidates.push_back(&entry);
  }
  const std::string side = sideOf(segment);
  std::vector<const LabelEntry*> fitting;
  for (const auto* entry : candidates) {
    if (entry->laterality.empty() || entry->laterality == side) fitting.push_back(entry);
  }
  return fitting.size() == 1 ? fitting.front()->id : 0;
}

}  // namespace

std::uint16_t matchSegment(const SegSegment& segment, const LabelScheme& scheme) {
  if (const std::uint16_t id = matchByCode(segment, scheme)) return id;
  for (const auto& entry : scheme.entries()) {
    if (sameWords(segment.label, entry.name)) return entry.id;
  }
  for (const auto& entry : scheme.entries()) {
    for (const auto& alias : entry.aliases)
      if (sameWords(segment.label, alias)) return entry.id;
  }
  return 0;
}

std::string describeSegment(const SegSegment& segment) {
  std::string text = "segment " + std::to_string(segment.number) + " '" + segment.label + "'";
  if (!segment.type.empty()) {
    text += " (" + segment.type.scheme + " " + segment.type.value;
    if (!segment.type.meaning.empty()) text += " " + segment.type.meaning;
    if (!segment.modifier.meaning.empty()) text += ", " + segment.modifier.meaning;
    text += ")";
  }
  return text;
}

}  // namespace voxsiam::image
