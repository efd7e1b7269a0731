#include <iomanip>
#include <sstream>

#include "app/cli/Arguments.h"
#include "app/cli/AtomicFile.h"
#include "app/cli/Commands.h"
#include "app/cli/OutputGuard.h"
#include "app/cli/SameGrid.h"
#include "app/cli/SchemeCheck.h"
#include "core/image/ImageReader.h"
#include "core/image/LabelScheme.h"
#include "core/metrics/OrganStatistics.h"

namespace voxsiam::cli {
namespace {

std::string csvOf(const image::LabelScheme& scheme,
                  const std::vector<metrics::OrganStatistics>& organs) {
  std::ostringstream csv;
  csv << std::setprecision(10)
      << "label,organ,voxels,volume_ml,mean_hu,sd_hu,min_hu,max_hu,surface_mm2,centroid_l_mm,"
         "centroid_p_mm,centroid_s_mm\n";
  for (const auto& organ : organs)
    csv << organ.label << "," << scheme.nameOf(organ.label) << "," << organ.voxels << ","
        << organ.millilitres << "," << organ.meanHu << "," << organ.sdHu << "," << organ.minHu
        << "," << organ.maxHu << "," << organ.surfaceMm2 << "," << organ.centroidLps[0] << ","
        << organ.centroidLps[1] << "," << organ.centroidLps[2] << "\n";
  return csv.str();
}

}  // namespace

int runStats(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  const Arguments arguments(args, {"image", "csv", "scheme"});
  arguments.expectPositionals(1, "one label map");
  const std::string labelPath = arguments.positionals().front();
  const std::string imagePath = arguments.require("image");
  if (arguments.has("csv"))
    ensureSeparateOutput("--csv", arguments.get("csv"), {labelPath, imagePath});
  const auto scheme = image::LabelScheme::builtin(arguments.get("scheme", "gibson8"));
  const image::Volume ct = image::readVolume(imagePath);
  const image::LabelMap labels = image::readLabelMap(labelPath);
  requireSameGrid(labelPath, labels.geometry(), imagePath, ct.geometry());
  requireIdsOfScheme(labelPath, labels, scheme, arguments.has("scheme"));
  const auto organs = metrics::organStatistics(labels, ct);
  out << std::left << std::setw(16) << "organ" << std::right << std::setw(10) << "ml"
      << std::setw(9) << "mean_hu" << std::setw(8) << "sd_hu" << std::setw(8) << "min_hu"
      << std::setw(8) << "max_hu" << std::setw(12) << "surface_mm2"
      << "  centroid_lps_mm\n";
  out << std::fixed;
  for (const auto& organ : organs)
    out << std::left << std::setw(16) << scheme.nameOf(organ.label) << std::right
        << std::setprecision(1) << std::setw(10) << organ.millilitres << std::setw(9)
        << organ.meanHu << std::setw(8) << organ.sdHu << std::setprecision(0) << std::setw(8)
        << organ.minHu << std::setw(8) << organ.maxHu << std::setw(12) << organ.surfaceMm2
        << std::setprecision(1) << "  (" << organ.centroidLps[0] << ", " << organ.centroidLps[1]
        << ", " << organ.centroidLps[2] << ")\n";
  if (organs.empty()) out << "no organ in " << labelPath << "\n";
  if (arguments.has("csv")) writeTextAtomically(arguments.get("csv"), csvOf(scheme, organs));
  return 0;
}

}  // namespace voxsiam::cli
