#include <algorithm>
#include <filesystem>
#include <sstream>

#include "app/cli/Arguments.h"
#include "app/cli/AtomicFile.h"
#include "app/cli/Commands.h"
#include "app/cli/OutputGuard.h"
#include "app/cli/UsageError.h"
#include "core/embed/FeatureTable.h"
#include "core/image/ImageReader.h"
#include "core/image/InputError.h"
#include "core/image/LabelMapping.h"
#include "core/image/SchemeLabelReader.h"
#include "core/segment/VoxelFeatureExtractor.h"

namespace voxsiam::cli {
namespace {

/// "encN" (encoder level N) or "projN" (its projector) to the request.
void parseLayer(const std::string& layer, const segment::VoxelFeatureExtractor& extractor,
                segment::EmbedRequest& request) {
  std::string allowed = "enc0 .. enc" + std::to_string(extractor.levels() - 1);
  for (const int level : extractor.projectorLevels()) allowed += ", proj" + std::to_string(level);
  const bool projector = layer.rfind("proj", 0) == 0;
  const std::size_t digits = projector ? 4 : 3;
  if ((projector || layer.rfind("enc", 0) == 0) && layer.size() > digits &&
      layer.size() <= digits + 3 &&
      layer.find_first_not_of("0123456789", digits) == std::string::npos) {
    request.level = std::stoi(layer.substr(digits));
    request.projector = projector;
    const auto projectors = extractor.projectorLevels();
    const bool known = projector
                           ? std::count(projectors.begin(), projectors.end(), request.level) > 0
                           : request.level < extractor.levels();
    if (known) return;
  }
  throw UsageError("unknown --layer '" + layer + "' (this model has " + allowed + ")");
}

embed::FeatureTable toTable(const segment::VoxelFeatures& features, const std::string& caseName) {
  embed::FeatureTable table;
  for (std::size_t c = 0; c < features.channels; ++c)
    table.featureColumns.push_back("f" + std::to_string(c));
  table.otherColumns = {"case", "voxel", "i", "j", "k", "organ", "predicted"};
  table.rows = features.organ.size();
  table.features.assign(features.features.begin(), features.features.end());
  for (std::size_t r = 0; r < table.rows; ++r) {
    const auto& v = features.voxel[r];
    table.other.push_back({caseName, std::to_string(features.voxelIndex[r]), std::to_string(v[0]),
                           std::to_string(v[1]), std::to_string(v[2]),
                           std::to_string(features.organ[r]),
                           std::to_string(features.predicted[r])});
  }
  return table;
}

}  // namespace

int runEmbed(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  const Arguments arguments(args,
                            {"model", "image", "label", "map", "layer", "per-class", "out", "case",
                             "seed", "device", "series"},
                            {"wrong-only"});
  arguments.expectPositionals(0, "only options");
  const std::string modelPath = arguments.require("model"), imagePath = arguments.require("image");
  const std::string labelPath = arguments.require("label"), output = arguments.require("out");
  ensureSeparateOutput("--out", output, {modelPath, imagePath, labelPath});
  const segment::VoxelFeatureExtractor extractor(
      modelPath, arguments.getChoice("device", "auto", {"auto", "cpu", "cuda"}));
  segment::EmbedRequest request;
  parseLayer(arguments.get("layer", "enc" + std::to_string(extractor.levels() - 1)), extractor,
             request);
  request.perClass = std::size_t(arguments.getInt("per-class", 200, 1, 1000000));
  request.wrongOnly = arguments.has("wrong-only");
  request.seed = std::uint64_t(arguments.getInt("seed", 1, 0, 1L << 40));
  const auto image = image::readVolume(imagePath, {arguments.get("series")});
  const auto mapping = image::LabelMapping::builtin(arguments.get("map", "identity"));
  const auto labels =
      image::readLabelsInScheme(labelPath, mapping, image::targetSchemeOf(mapping)).labels;
  if (!labels.geometry().sameGrid(image.geometry()))
    throw image::InputError(labelPath, "grid differs from the image " + imagePath);
  const auto features = extractor.extract(image, labels, request);
  if (features.organ.empty()) throw image::InputError(labelPath, "no labelled voxel to embed");
  std::string caseName = arguments.get("case");
  if (caseName.empty()) {
    caseName = std::filesystem::path(imagePath).filename().string();
    caseName = caseName.substr(0, caseName.find('.'));
  }
  writeTextAtomically(output, embed::featureCsv(toTable(features, caseName)));
  out << "embedded " << features.organ.size() << " voxels x " << features.channels
      << " features from " << (request.projector ? "proj" : "enc") << request.level << " to "
      << output << "\n";
  return 0;
}

}  // namespace voxsiam::cli
