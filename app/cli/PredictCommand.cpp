#include <chrono>
#include <iomanip>

#include "app/cli/Arguments.h"
#include "app/cli/Commands.h"
#include "app/cli/OutputGuard.h"
#include "app/cli/UsageError.h"
#include "core/image/ImageReader.h"
#include "core/image/ImageWriter.h"
#include "core/segment/Segmenter.h"

namespace voxsiam::cli {

int runPredict(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const Arguments arguments(args, {"model", "image", "out", "device", "series", "uncertainty"},
                            {"largest-component", "tta"});
  arguments.expectPositionals(0, "only options");
  const std::string imagePath = arguments.require("image");
  const std::string outPath = arguments.require("out");
  ensureSeparateOutput("--out", outPath, {imagePath, arguments.get("model")});
  const std::string uncertaintyPath = arguments.get("uncertainty", "");
  if (!uncertaintyPath.empty())
    ensureSeparateOutput("--uncertainty", uncertaintyPath,
                         {imagePath, arguments.get("model"), outPath});
  if (arguments.has("tta") && uncertaintyPath.empty())
    throw UsageError("--tta averages the uncertainty map: give --uncertainty MAP too");
  segment::Segmenter segmenter(arguments.require("model"),
                               arguments.getChoice("device", "auto", {"auto", "cpu", "cuda"}));
  if (arguments.has("largest-component")) segmenter.keepLargestComponentOnly();
  image::ImageSource source;
  const auto ct = image::readVolume(imagePath, {arguments.get("series")}, &source);
  if (!source.note.empty()) err << "voxsiam: note: " << imagePath << ": " << source.note << "\n";
  const auto start = std::chrono::steady_clock::now();
  const auto result = uncertaintyPath.empty()
                          ? segment::Segmentation{segmenter.segment(ct), {}}
                          : segmenter.segmentWithUncertainty(ct, arguments.has("tta"));
  const auto& labels = result.labels;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  image::writeLabelMap(labels, outPath);
  if (!uncertaintyPath.empty()) image::writeVolume(result.uncertainty, uncertaintyPath);
  std::vector<std::size_t> counts(segmenter.scheme().maxId() + 1, 0);
  for (auto label : labels.voxels())
    if (label < counts.size()) ++counts[label];
  out << "segmented " << imagePath << " on " << segmenter.device() << " in " << std::fixed
      << std::setprecision(1) << seconds << " s; wrote " << outPath << "\n";
  for (std::size_t id = 1; id < counts.size(); ++id)
    out << "  " << std::left << std::setw(16) << segmenter.scheme().nameOf(std::uint16_t(id))
        << counts[id] << " voxels\n";
  if (!uncertaintyPath.empty()) {
    out << "wrote " << uncertaintyPath << " (normalised entropy"
        << (arguments.has("tta") ? " over 5 test-time passes" : "") << ", temperature "
        << std::setprecision(3) << segmenter.temperature() << ")\n";
  }
  return 0;
}

}  // namespace voxsiam::cli
