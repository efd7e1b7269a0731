#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>

#include "app/cli/Arguments.h"
#include "app/cli/Commands.h"
#include "app/cli/OutputGuard.h"
#include "app/cli/UsageError.h"
#include "core/image/ImageReader.h"
#include "core/image/ImageWriter.h"
#include "core/image/InputError.h"
#include "core/image/LabelMapping.h"
#include "core/image/SchemeLabelReader.h"
#include "core/image/preprocess/Resampling.h"

namespace voxsiam::cli {
namespace {

using image::ImageGeometry;

std::array<double, 3> parseSpacing(const std::string& text) {
  std::vector<double> values;
  std::stringstream stream(text);
  std::string item;
  try {
    while (std::getline(stream, item, ',')) {
      std::size_t used = 0;
      values.push_back(std::stod(item, &used));
      if (used != item.size()) throw std::invalid_argument(item);
    }
  } catch (const std::exception&) {
    values.clear();
  }
  if (values.size() == 1) values.assign(3, values[0]);
  const bool valid = values.size() == 3 && std::all_of(values.begin(), values.end(), [](double v) {
                       return v > 0.01 && v < 1000;
                     });
  if (!valid) throw UsageError("--spacing needs S or SX,SY,SZ in mm, got '" + text + "'");
  return {values[0], values[1], values[2]};
}

/// The grid to write on: --like REF's grid, --spacing S over the same box, or unchanged.
std::optional<ImageGeometry> targetGrid(const Arguments& arguments, const ImageGeometry& source,
                                        const std::string& input) {
  if (arguments.has("like") && arguments.has("spacing"))
    throw UsageError("give --like or --spacing, not both");
  if (arguments.has("like")) return image::readVolume(arguments.get("like")).geometry();
  if (!arguments.has("spacing")) return std::nullopt;
  try {
    return image::geometryWithSpacing(source, parseSpacing(arguments.get("spacing")));
  } catch (const image::InputError& error) {
    throw image::InputError(input, error.problem());
  }
}

bool fitsInt16(const image::Volume& volume) {
  for (float value : volume.voxels())
    if (value != std::round(value) || value < -32768.f || value > 32767.f) return false;
  return true;
}

}  // namespace

int runConvert(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const Arguments arguments(args, {"map", "series", "spacing", "like"});
  arguments.expectPositionals(2, "IN and OUT");
  const std::string& in = arguments.positionals()[0];
  const std::string& outPath = arguments.positionals()[1];
  ensureSeparateOutput("OUT", outPath, {in, arguments.get("like")});
  image::ImageSource source;
  if (arguments.has("map") || image::holdsNamedStructures(in)) {
    const auto mapping = image::LabelMapping::builtin(arguments.get("map", "identity"));
    std::optional<image::ImageGeometry> likeGrid;
    if (arguments.has("like")) likeGrid = image::readVolume(arguments.get("like")).geometry();
    auto read = image::readLabelsInScheme(in, mapping, image::targetSchemeOf(mapping), &source,
                                          likeGrid ? &*likeGrid : nullptr);
    for (const auto& line : read.leftOut)
      err << "voxsiam: note: " << in << ": left out " << line << "\n";
    for (const auto& line : read.merged) err << "voxsiam: note: " << in << ": " << line << "\n";
    auto labels = std::move(read.labels);
    if (const auto grid = targetGrid(arguments, labels.geometry(), in))
      labels = image::resampleNearest(labels, *grid);
    image::writeLabelMap(labels, outPath);
  } else {
    auto volume = image::readVolume(in, {arguments.get("series")}, &source);
    if (const auto grid = targetGrid(arguments, volume.geometry(), in))
      volume = image::resampleLinear(volume, *grid, -1024.f);
    image::writeVolume(volume, outPath,
                       fitsInt16(volume) ? image::StoredType::Int16 : image::StoredType::Float32);
  }
  if (!source.note.empty()) err << "voxsiam: note: " << in << ": " << source.note << "\n";
  out << "wrote " << outPath << "\n";
  return 0;
}

}  // namespace voxsiam::cli
