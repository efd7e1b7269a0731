#include "core/embed/FeatureTable.h"

#include <cmath>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "core/image/InputError.h"

namespace voxsiam::embed {
namespace {

std::vector<std::string> splitCsvLine(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream stream(line);
  for (std::string cell; std::getline(stream, cell, ',');) {
    if (!cell.empty() && cell.back() == '\r') cell.pop_back();
    cells.push_back(cell);
  }
  if (!line.empty() && line.back() == ',') cells.emplace_back();
  return cells;
}

bool isFeatureColumn(const std::string& name) {
  return name.size() > 1 && name[0] == 'f' &&
         name.find_first_not_of("0123456789", 1) == std::string::npos;
}

double parseNumber(const std::string& text, const std::string& path, std::size_t line) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty())
    throw image::InputError(path,
                            "line " + std::to_string(line) + ": '" + text + "' is not a number");
  if (!std::isfinite(value))
    throw image::InputError(path,
                            "line " + std::to_string(line) + ": NaN or infinite feature value");
  return value;
}

}  // namespace

int FeatureTable::otherIndex(const std::string& name) const {
  for (std::size_t index = 0; index < otherColumns.size(); ++index)
    if (otherColumns[index] == name) return int(index);
  return -1;
}

FeatureTable readFeatureCsv(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw image::InputError(path, "cannot open the file");
  std::string line;
  if (!std::getline(file, line)) throw image::InputError(path, "empty file (no header line)");
  const auto header = splitCsvLine(line);
  FeatureTable table;
  std::vector<bool> feature;
  for (const auto& name : header) {
    feature.push_back(isFeatureColumn(name));
    (feature.back() ? table.featureColumns : table.otherColumns).push_back(name);
  }
  if (table.featureColumns.empty())
    throw image::InputError(path, "no feature columns f0, f1, ... in the header");
  if (table.featureColumns.size() > kMaxFeatureColumns)
    throw image::InputError(path, "has " + std::to_string(table.featureColumns.size()) +
                                      " feature columns, more than " +
                                      std::to_string(kMaxFeatureColumns) +
                                      " (the widest network layer has 512)");
  for (std::size_t number = 2; std::getline(file, line); ++number) {
    if (line.empty() || line == "\r") continue;
    const auto cells = splitCsvLine(line);
    if (cells.size() != header.size())
      throw image::InputError(path, "line " + std::to_string(number) + " has " +
                                        std::to_string(cells.size()) + " values, the header " +
                                        std::to_string(header.size()));
    std::vector<std::string> carried;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (feature[c]) {
        table.features.push_back(parseNumber(cells[c], path, number));
      } else {
        carried.push_back(cells[c]);
      }
    }
    table.other.push_back(std::move(carried));
    if (++table.rows > kMaxFeatureRows)
      throw image::InputError(path, "has more than " + std::to_string(kMaxFeatureRows) + " rows");
  }
  if (table.rows == 0) throw image::InputError(path, "no rows after the header");
  return table;
}

std::string featureCsv(const FeatureTable& table) {
  std::ostringstream out;
  out << std::setprecision(7);
  for (std::size_t c = 0; c < table.featureColumns.size(); ++c)
    out << (c ? "," : "") << table.featureColumns[c];
  for (const auto& name : table.otherColumns) out << "," << name;
  out << "\n";
  const std::size_t d = table.featureColumns.size();
  for (std::size_t r = 0; r < table.rows; ++r) {
    for (std::size_t c = 0; c < d; ++c) out << (c ? "," : "") << table.features[r * d + c];
    for (const auto& value : table.other[r]) out << "," << value;
    out << "\n";
  }
  return out.str();
}

std::string embeddingCsv(const std::vector<double>& xy, const FeatureTable& table) {
  std::ostringstream out;
  out << std::setprecision(7) << "tsne_x,tsne_y";
  for (const auto& name : table.otherColumns) out << "," << name;
  out << "\n";
  for (std::size_t r = 0; r < table.rows; ++r) {
    out << xy[2 * r] << "," << xy[2 * r + 1];
    for (const auto& value : table.other[r]) out << "," << value;
    out << "\n";
  }
  return out.str();
}

}  // namespace voxsiam::embed
