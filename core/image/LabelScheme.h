#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace voxsiam::image {

/// The label value of a voxel nobody annotated (nnU-Net's ignore label): not background and not
/// any organ. Kept by every label mapping; left out of training losses and of scores.
constexpr std::uint16_t kNotAnnotated = 255;

/// One structure of a label scheme.
struct LabelEntry {
  std::uint16_t id = 0;
  std::string name;
  std::array<std::uint8_t, 3> color{0, 0, 0};
  /// What the structure is, as "SCHEME:VALUE" codes (SCT: SNOMED-CT, SRT: its older codes),
  /// e.g. SCT:10200004 and SRT:T-62000 for the liver. May be empty.
  std::vector<std::string> codes;
  std::string laterality;  ///< "left", "right" or empty, for paired organs
  /// Other names other tools and datasets give the structure ("Kidney_L", "oesophagus"): a mask
  /// file or segment so named is this entry (words compared as matchSegment does).
  std::vector<std::string> aliases;
};

/// The meaning of the ids of a label map: names and display colours, as data.
class LabelScheme {
 public:
  LabelScheme(std::string name, std::string title, std::vector<LabelEntry> entries);

  /// Parses a scheme from JSON {"name", "title", "labels": [{"id", "name", "color", optional
  /// "codes": ["SCT:...", ...], optional "laterality": "left"|"right", optional "aliases":
  /// ["other name", ...]}]}. Throws
  /// InputError naming `origin` when the text is malformed or ids repeat.
  static LabelScheme fromJson(const std::string& text, const std::string& origin);
  /// A scheme shipped with the program: gibson8 (default), totalseg_v2, amos, btcv.
  static LabelScheme builtin(const std::string& name);
  /// The scheme as JSON text in the form fromJson reads.
  std::string toJson() const;
  /// Names of the built-in schemes.
  static std::vector<std::string> builtinNames();

  const std::string& name() const { return name_; }
  const std::string& title() const { return title_; }
  const std::vector<LabelEntry>& entries() const { return entries_; }
  /// Highest id in the scheme (the number of organ classes for contiguous schemes).
  std::uint16_t maxId() const;
  /// Name of `id`: the scheme's name, "background" for 0, else "label_<id>".
  std::string nameOf(std::uint16_t id) const;
  /// The entry with `id`, or nullptr.
  const LabelEntry* find(std::uint16_t id) const;
  /// Ids of the organs named in `names` (comma-separated, e.g. "liver,spleen"), in that order.
  /// Throws InputError naming an unknown organ and listing the scheme's.
  std::vector<std::uint16_t> organIds(const std::string& names) const;

 private:
  std::string name_;
  std::string title_;
  std::vector<LabelEntry> entries_;
};

}  // namespace voxsiam::image
