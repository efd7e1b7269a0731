#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>

#include "app/cli/Arguments.h"
#include "app/cli/Commands.h"
#include "core/image/ImageReader.h"

namespace voxsiam::cli {
namespace {

using image::ImageSource;
using image::Volume;

/// Voxel count per value when the image looks like a label map (few distinct whole numbers).
std::map<long, std::size_t> labelHistogram(const Volume& volume) {
  std::map<long, std::size_t> counts;
  for (float value : volume.voxels()) {
    if (value != std::floor(value)) return {};
    ++counts[static_cast<long>(value)];
    if (counts.size() > 256) return {};
  }
  return counts;
}

nlohmann::json describe(const std::string& path, const Volume& volume, const ImageSource& source) {
  const auto& geometry = volume.geometry();
  const auto [low, high] = std::minmax_element(volume.voxels().begin(), volume.voxels().end());
  double sum = 0;
  for (float value : volume.voxels()) sum += value;
  nlohmann::json json = {{"path", path},
                         {"format", source.format},
                         {"stored_type", source.storedType},
                         {"size", geometry.size},
                         {"spacing", geometry.spacing},
                         {"origin", geometry.origin},
                         {"direction", geometry.direction},
                         {"coordinates", "LPS"},
                         {"min", *low},
                         {"max", *high},
                         {"mean", sum / static_cast<double>(volume.voxelCount())}};
  if (!source.seriesUid.empty()) {
    json["series_uid"] = source.seriesUid;
    json["modality"] = source.modality;
    json["series_in_folder"] = source.seriesCount;
  }
  const auto labels = labelHistogram(volume);
  if (!labels.empty()) {
    nlohmann::json counts = nlohmann::json::object();
    for (const auto& [label, count] : labels) counts[std::to_string(label)] = count;
    json["label_counts"] = counts;
  }
  return json;
}

template <typename Array>
std::string joined(const Array& values, const char* separator) {
  std::ostringstream text;
  text << std::setprecision(6);
  for (std::size_t index = 0; index < values.size(); ++index)
    text << (index ? separator : "") << values[index];
  return text.str();
}

void printText(const nlohmann::json& json, std::ostream& out) {
  out << "file:       " << json["path"].get<std::string>() << "\n"
      << "format:     " << json["format"].get<std::string>() << " ("
      << json["stored_type"].get<std::string>() << ")\n"
      << "size:       " << joined(json["size"].get<std::vector<std::size_t>>(), " x ") << "\n"
      << "spacing:    " << joined(json["spacing"].get<std::vector<double>>(), " x ") << " mm\n"
      << "origin:     " << joined(json["origin"].get<std::vector<double>>(), ", ") << " mm (LPS)\n"
      << "direction:  " << joined(json["direction"].get<std::vector<double>>(), " ") << "\n"
      << "range:      " << json["min"].get<double>() << " .. " << json["max"].get<double>()
      << " (mean " << json["mean"].get<double>() << ")\n";
  if (json.contains("series_uid"))
    out << "series:     " << json["series_uid"].get<std::string>() << " ("
        << json["modality"].get<std::string>() << ", " << json["series_in_folder"].get<int>()
        << " image series in folder)\n";
  if (json.contains("label_counts")) {
    out << "labels:    ";
    for (const auto& [label, count] : json["label_counts"].items())
      out << " " << label << ":" << count.get<std::size_t>();
    out << "\n";
  }
}

}  // namespace

int runInfo(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const Arguments arguments(args, {"series"}, {"json"});
  arguments.expectPositionals(1, "IMAGE or DICOM_DIR");
  const std::string path = arguments.positionals()[0];
  ImageSource source;
  const Volume volume = image::readVolume(path, {arguments.get("series")}, &source);
  if (!source.note.empty()) err << "voxsiam: note: " << path << ": " << source.note << "\n";
  const auto json = describe(path, volume, source);
  if (arguments.has("json"))
    out << json.dump(2) << "\n";
  else
    printText(json, out);
  return 0;
}

}  // namespace voxsiam::cli
