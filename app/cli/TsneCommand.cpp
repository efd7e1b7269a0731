#include <chrono>
#include <fstream>
#include <iomanip>

#include "app/cli/Arguments.h"
#include "app/cli/AtomicFile.h"
#include "app/cli/Commands.h"
#include "app/cli/OutputGuard.h"
#include "app/cli/UsageError.h"
#include "core/embed/FeatureTable.h"
#include "core/embed/ScatterPng.h"
#include "core/embed/Tsne.h"
#include "core/image/InputError.h"
#include "core/image/LabelScheme.h"

namespace voxsiam::cli {
namespace {

embed::TsneOptions optionsFrom(const Arguments& arguments) {
  embed::TsneOptions options;
  options.perplexity = double(arguments.getInt("perplexity", 30, 2, 1000));
  options.theta = arguments.getNumber("theta", 0.5, 0, 1);
  options.iterations = int(arguments.getInt("iterations", 1000, 1, 100000));
  options.seed = std::uint64_t(arguments.getInt("seed", 42, 0, 1L << 40));
  options.pcaDimensions = std::size_t(arguments.getInt("pca", 50, 0, 100000));
  options.threads = unsigned(arguments.getInt("threads", 0, 0, 1024));
  options.earlyExaggeration = double(arguments.getInt("exaggeration", 12, 1, 1000));
  options.exaggerationIterations = int(arguments.getInt("exaggeration-iterations", 250, 0, 100000));
  return options;
}

/// Colours the plot by the "organ" column in the Gibson-8 colours when there is one.
void writePlot(const std::string& path, const std::vector<double>& xy,
               const embed::FeatureTable& table) {
  std::vector<int> groups(table.rows, 0);
  auto colors = embed::defaultPalette();
  const int organ = table.otherIndex("organ");
  if (organ >= 0) {
    colors.assign(256, {150, 150, 150});
    const auto scheme = image::LabelScheme::builtin("gibson8");
    for (const auto& entry : scheme.entries()) colors[entry.id] = entry.color;
    for (std::size_t r = 0; r < table.rows; ++r) {
      try {
        groups[r] = std::stoi(table.other[r][std::size_t(organ)]);
      } catch (const std::exception&) {
        groups[r] = -1;
      }
    }
  }
  const auto png = embed::scatterPng(xy, groups, colors);
  writeTextAtomically(path, std::string(png.begin(), png.end()));
}

}  // namespace

int runTsne(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  const Arguments arguments(args, {"in", "out", "png", "perplexity", "theta", "iterations", "seed",
                                   "pca", "threads", "exaggeration", "exaggeration-iterations"});
  arguments.expectPositionals(0, "only options");
  const std::string input = arguments.require("in"), output = arguments.require("out");
  ensureSeparateOutput("--out", output, {input});
  if (arguments.has("png")) ensureSeparateOutput("--png", arguments.get("png"), {input, output});
  const auto options = optionsFrom(arguments);
  const auto table = embed::readFeatureCsv(input);
  if (double(table.rows - 1) < 3 * options.perplexity && options.theta > 0)
    throw image::InputError(
        input, "has " + std::to_string(table.rows) + " points, too few for perplexity " +
                   std::to_string(int(options.perplexity)) + " (need more than " +
                   std::to_string(int(3 * options.perplexity)) + ")");
  const auto start = std::chrono::steady_clock::now();
  const auto result =
      embed::runTsne(table.features, table.rows, table.featureColumns.size(), options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  writeTextAtomically(output, embed::embeddingCsv(result.embedding, table));
  if (arguments.has("png")) writePlot(arguments.get("png"), result.embedding, table);
  out << std::fixed << std::setprecision(4) << "t-SNE of " << table.rows << " points x "
      << table.featureColumns.size() << " features: KL " << result.kl << ", "
      << std::setprecision(1) << seconds << " s\n";
  return 0;
}

}  // namespace voxsiam::cli
