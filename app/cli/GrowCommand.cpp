#include <chrono>
#include <iomanip>
#include <map>

#include "app/cli/Arguments.h"
#include "app/cli/Commands.h"
#include "app/cli/OutputGuard.h"
#include "app/cli/SameGrid.h"
#include "core/edit/effects/SeedGrowth.h"
#include "core/image/ImageReader.h"
#include "core/image/ImageWriter.h"
#include "core/image/InputError.h"
#include "core/image/LabelScheme.h"

namespace voxsiam::cli {

int runGrow(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  const Arguments arguments(
      args, {"image", "seeds", "out", "background-id", "margin-mm", "labels", "scheme"});
  arguments.expectPositionals(0, "only options");
  const std::string imagePath = arguments.require("image");
  const std::string seedsPath = arguments.require("seeds");
  const std::string outPath = arguments.require("out");
  std::vector<std::string> inputs{imagePath, seedsPath};
  if (arguments.has("labels")) inputs.push_back(arguments.get("labels"));
  ensureSeparateOutput("--out", outPath, inputs);
  const auto backgroundId = std::uint16_t(arguments.getInt("background-id", 255, 1, 65535));
  const double margin = arguments.getNumber("margin-mm", 30, 0, 10000);
  const auto scheme = image::LabelScheme::builtin(arguments.get("scheme", "gibson8"));
  const image::Volume ct = image::readVolume(imagePath);
  const image::LabelMap seeds = image::readLabelMap(seedsPath);
  requireSameGrid(seedsPath, seeds.geometry(), imagePath, ct.geometry());
  image::LabelMap labels(ct.geometry(), 0);
  if (arguments.has("labels")) {
    labels = image::readLabelMap(arguments.get("labels"));
    requireSameGrid(arguments.get("labels"), labels.geometry(), imagePath, ct.geometry());
  }
  std::map<std::uint16_t, std::size_t> seeded;
  for (std::size_t index = 0; index < seeds.voxelCount(); ++index)
    if (seeds[index] != 0 && seeds[index] != backgroundId) ++seeded[seeds[index]];
  if (seeded.empty())
    throw image::InputError(seedsPath, "no organ seeds (every voxel is 0 or the background id " +
                                           std::to_string(backgroundId) + ")");
  const auto start = std::chrono::steady_clock::now();
  edit::ChangeRecorder recorder(labels);
  const std::size_t changed =
      edit::growFromSeeds(recorder, ct, seeds, backgroundId, margin, edit::EffectScope{});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  image::writeLabelMap(labels, outPath);
  const auto& spacing = ct.geometry().spacing;
  const double voxelMl = spacing[0] * spacing[1] * spacing[2] / 1000.0;
  out << std::left << std::setw(20) << "organ" << std::right << std::setw(12) << "seed_vox"
      << std::setw(12) << "voxels" << std::setw(12) << "ml"
      << "\n";
  for (const auto& [organ, seedVoxels] : seeded) {
    std::size_t voxels = 0;
    for (std::size_t index = 0; index < labels.voxelCount(); ++index)
      voxels += labels[index] == organ;
    out << std::left << std::setw(20) << scheme.nameOf(organ) << std::right << std::setw(12)
        << seedVoxels << std::setw(12) << voxels << std::setw(12) << std::fixed
        << std::setprecision(1) << double(voxels) * voxelMl << "\n";
  }
  out << "grew " << changed << " voxels in " << std::setprecision(2) << seconds << " s; wrote "
      << outPath << "\n";
  return 0;
}

}  // namespace voxsiam::cli
