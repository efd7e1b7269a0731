#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/image/Image3D.h"

namespace voxsiam::image {

/// Maps the ids of one label scheme onto another (e.g. TotalSegmentator v2 -> Gibson-8); ids
/// without a pair become background. The identity mapping keeps every id.
class LabelMapping {
 public:
  /// The identity mapping.
  LabelMapping();
  /// A mapping from `fromScheme` to `toScheme` given as (source id, target id) pairs.
  LabelMapping(std::string name, std::string fromScheme, std::string toScheme,
               const std::vector<std::pair<std::uint16_t, std::uint16_t>>& pairs);

  /// A built-in mapping (identity, totalseg, amos, btcv) or, for a name ending in .json, the
  /// mapping file {"name", "from", "to", "pairs": [[source, target], ...]}. Throws InputError for
  /// an unknown name or a malformed file.
  static LabelMapping builtin(const std::string& name);
  /// Names builtin() knows without a file: "identity" and every resources/label_mappings file.
  static std::vector<std::string> builtinNames();
  /// Parses a mapping from JSON text; `origin` names it in errors.
  static LabelMapping fromJson(const std::string& text, const std::string& origin);

  const std::string& name() const { return name_; }
  /// Scheme of the mapped ids (empty for identity: unchanged).
  const std::string& toScheme() const { return toScheme_; }
  const std::string& fromScheme() const { return fromScheme_; }
  bool isIdentity() const { return table_.empty(); }

  /// Target id of `id`.
  std::uint16_t map(std::uint16_t id) const;
  /// Returns `labels` with every voxel mapped.
  LabelMap apply(const LabelMap& labels) const;

 private:
  std::string name_;
  std::string fromScheme_;
  std::string toScheme_;
  std::vector<std::uint16_t> table_;  ///< target id per source id; empty = identity
};

}  // namespace voxsiam::image
