#pragma once
#include <string>
#include <vector>

namespace voxsiam::embed {

/// A table of voxel features as `voxsiam embed` writes it: columns f0 … fN-1 hold the features,
/// the other columns (case, voxel index, organ, …) are carried along.
struct FeatureTable {
  std::vector<std::string> featureColumns;
  std::vector<std::string> otherColumns;
  std::size_t rows = 0;
  std::vector<double> features;                 ///< rows x featureColumns, row-major
  std::vector<std::vector<std::string>> other;  ///< rows x otherColumns

  /// Index of the carried column `name`, or -1.
  int otherIndex(const std::string& name) const;
};

/// Most feature columns and rows a table may have (PCA is cubic in the columns).
constexpr std::size_t kMaxFeatureColumns = 2048;
constexpr std::size_t kMaxFeatureRows = 1000000;

/// Reads a feature CSV (header line, comma-separated). Throws image::InputError naming `path` and
/// the line for a missing or empty file, no f0… columns, a row of the wrong length, a value that is
/// not a number, NaN or infinity.
FeatureTable readFeatureCsv(const std::string& path);

/// CSV text of a feature table.
std::string featureCsv(const FeatureTable& table);

/// CSV text "tsne_x,tsne_y" followed by the table's carried columns, one row per point.
std::string embeddingCsv(const std::vector<double>& xy, const FeatureTable& table);

}  // namespace voxsiam::embed
