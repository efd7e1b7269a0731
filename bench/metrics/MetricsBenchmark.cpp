// bench/metrics: Dice, HD95 and ASSD for all organs of the AMOS label map against a copy shifted
// by 2 voxels along the first axis with the liver grown by one voxel into background; the same
// pair is evaluated by a SciPy implementation of the same definitions in the same run, the
// numbers are checked to agree within 1e-3 mm and both times and their ratio are printed.
//
// usage: bench_metrics [DATA_DIR] [--no-scipy]
#include <unistd.h>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/image/ImageReader.h"
#include "core/image/ImageWriter.h"
#include "core/metrics/SegmentationEvaluator.h"

namespace {

using voxsiam::image::LabelMap;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

constexpr std::uint16_t kAmosLiver = 6;

LabelMap shiftedWithGrownLiver(const LabelMap& reference) {
  const auto& size = reference.size();
  LabelMap shifted(reference.geometry(), 0);
  for (std::size_t k = 0; k < size[2]; ++k)
    for (std::size_t j = 0; j < size[1]; ++j)
      for (std::size_t i = 2; i < size[0]; ++i) shifted.at(i, j, k) = reference.at(i - 2, j, k);
  LabelMap grown = shifted;
  for (std::size_t k = 0; k < size[2]; ++k)
    for (std::size_t j = 0; j < size[1]; ++j)
      for (std::size_t i = 0; i < size[0]; ++i) {
        if (shifted.at(i, j, k) != 0) continue;
        const bool touchesLiver = (i > 0 && shifted.at(i - 1, j, k) == kAmosLiver) ||
                                  (i + 1 < size[0] && shifted.at(i + 1, j, k) == kAmosLiver) ||
                                  (j > 0 && shifted.at(i, j - 1, k) == kAmosLiver) ||
                                  (j + 1 < size[1] && shifted.at(i, j + 1, k) == kAmosLiver) ||
                                  (k > 0 && shifted.at(i, j, k - 1) == kAmosLiver) ||
                                  (k + 1 < size[2] && shifted.at(i, j, k + 1) == kAmosLiver);
        if (touchesLiver) grown.at(i, j, k) = kAmosLiver;
      }
  return grown;
}

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Largest difference between our value and SciPy's for one metric; -1 when defined-ness differs.
double difference(const std::optional<double>& ours, const nlohmann::json& theirs) {
  if (!ours || theirs.is_null()) return ours.has_value() == !theirs.is_null() ? 0.0 : -1.0;
  return std::fabs(*ours - theirs.get<double>());
}

int compare(const std::vector<voxsiam::metrics::OrganMetrics>& organs,
            const nlohmann::json& scipy) {
  double worst = 0;
  bool mismatch = false;
  std::cout << std::fixed << std::setprecision(4)
            << "label     dice     hd95_mm   assd_mm   | scipy dice  hd95_mm   assd_mm\n";
  for (const auto& organ : organs) {
    const auto& theirs = scipy.at(std::to_string(organ.label));
    for (const auto& [ours, key] :
         {std::pair{organ.dice, "dice"}, {organ.hd95, "hd95"}, {organ.assd, "assd"}}) {
      const double diff = difference(ours, theirs.at(key));
      mismatch = mismatch || diff < 0 || diff > 1e-3;
      worst = std::max(worst, diff);
    }
    std::cout << std::setw(5) << organ.label << std::setw(9) << organ.dice.value_or(NAN)
              << std::setw(10) << organ.hd95.value_or(NAN) << std::setw(10)
              << organ.assd.value_or(NAN) << "   | " << std::setw(10)
              << theirs["dice"].get<double>() << std::setw(9) << theirs["hd95"].get<double>()
              << std::setw(10) << theirs["assd"].get<double>() << "\n";
  }
  std::cout << "largest difference to SciPy: " << std::scientific << worst
            << (mismatch ? "  MISMATCH" : "  (agree within 1e-3)") << "\n"
            << std::fixed;
  return mismatch ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data = VOXSIAM_DEFAULT_DATA;
  bool runScipy = true;
  for (int index = 1; index < argc; ++index) {
    const std::string arg = argv[index];
    if (arg == "--no-scipy")
      runScipy = false;
    else
      data = arg;
  }
  try {
    const LabelMap reference = voxsiam::image::readLabelMap(data + "/amos/amos_0013_label.nii.gz");
    const LabelMap predicted = shiftedWithGrownLiver(reference);
    const auto labels =
        voxsiam::metrics::SegmentationEvaluator::presentLabels(predicted, reference);
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    std::vector<voxsiam::metrics::OrganMetrics> organs;
    double best = 1e300;
    for (int repeat = 0; repeat < 3; ++repeat) {
      const auto start = Clock::now();
      organs =
          voxsiam::metrics::SegmentationEvaluator(threads).evaluate(predicted, reference, labels);
      best = std::min(best, secondsSince(start));
    }
    std::cout << "pair: amos_0013 512x512x82 (0.781 x 0.781 x 5 mm), " << labels.size()
              << " organs, prediction = shift 2 voxels along i + liver grown by 1 voxel\n"
              << "voxsiam (" << threads << " threads, best of 3): " << std::setprecision(3)
              << std::fixed << best << " s\n";
    if (!runScipy) return 0;
    const fs::path scratch =
        fs::temp_directory_path() / ("bench_metrics_" + std::to_string(::getpid()));
    fs::create_directories(scratch);
    voxsiam::image::writeLabelMap(predicted, (scratch / "pred.nii.gz").string());
    voxsiam::image::writeLabelMap(reference, (scratch / "ref.nii.gz").string());
    const std::string command = std::string("/usr/bin/python3 ") + VOXSIAM_SCIPY_SCRIPT + " " +
                                (scratch / "pred.nii.gz").string() + " " +
                                (scratch / "ref.nii.gz").string() + " " +
                                (scratch / "scipy.json").string();
    const auto start = Clock::now();
    if (std::system(command.c_str()) != 0)
      throw std::runtime_error("the SciPy reference failed: " + command);
    const double scipySeconds = secondsSince(start);
    std::ifstream file(scratch / "scipy.json");
    const int status = compare(organs, nlohmann::json::parse(file));
    std::cout << std::setprecision(3)
              << "scipy (python3-scipy, 1 thread, incl. NIfTI load): " << scipySeconds << " s\n"
              << "speed-up: " << std::setprecision(1) << scipySeconds / best << "x\n";
    fs::remove_all(scratch);
    return status;
  } catch (const std::exception& error) {
    std::cerr << "bench_metrics: " << error.what() << "\n";
    return 1;
  }
}
