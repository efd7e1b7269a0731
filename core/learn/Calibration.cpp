#include "core/learn/Calibration.h"

#include <cmath>

namespace voxsiam::learn {
namespace {

constexpr double kTiny = 1e-12;

double negativeLogLikelihood(const CalibrationVoxels& voxels, double temperature) {
  const auto tempered = temper(voxels.probabilities, temperature, 1);
  const auto chosen = tempered.gather(1, voxels.truth.unsqueeze(1)).squeeze(1);
  return -chosen.clamp_min(kTiny).log().mean().item<double>();
}

}  // namespace

torch::Tensor temper(const torch::Tensor& probabilities, double temperature, int64_t classDim) {
  const auto logits = probabilities.clamp_min(kTiny).log() / temperature;
  return torch::softmax(logits, classDim);
}

double expectedCalibrationError(const CalibrationVoxels& voxels, int bins) {
  const auto [confidence, predicted] = voxels.probabilities.max(1);
  const auto correct = predicted.eq(voxels.truth).to(torch::kDouble);
  const auto bin =
      (confidence.to(torch::kDouble) * bins).floor().clamp(0, bins - 1).to(torch::kLong);
  const auto counts =
      torch::zeros({bins}, torch::kDouble).index_add_(0, bin, torch::ones_like(correct));
  const auto accuracy = torch::zeros({bins}, torch::kDouble).index_add_(0, bin, correct);
  const auto confident =
      torch::zeros({bins}, torch::kDouble).index_add_(0, bin, confidence.to(torch::kDouble));
  const double total = std::max(1.0, counts.sum().item<double>());
  return (accuracy - confident).abs().sum().item<double>() / total;
}

CalibrationReport fitTemperature(const CalibrationVoxels& voxels) {
  CalibrationReport report;
  report.voxels = voxels.truth.numel();
  report.eceBefore = expectedCalibrationError(voxels);
  if (report.voxels == 0) return report;
  const double golden = (std::sqrt(5.0) - 1) / 2;
  double low = std::log(0.05), high = std::log(20.0);
  double a = high - golden * (high - low), b = low + golden * (high - low);
  double fa = negativeLogLikelihood(voxels, std::exp(a));
  double fb = negativeLogLikelihood(voxels, std::exp(b));
  for (int iteration = 0; iteration < 40; ++iteration) {
    if (fa < fb) {
      high = b, b = a, fb = fa;
      a = high - golden * (high - low);
      fa = negativeLogLikelihood(voxels, std::exp(a));
    } else {
      low = a, a = b, fa = fb;
      b = low + golden * (high - low);
      fb = negativeLogLikelihood(voxels, std::exp(b));
    }
  }
  report.temperature = std::exp((low + high) / 2);
  report.eceAfter =
      expectedCalibrationError({temper(voxels.probabilities, report.temperature, 1), voxels.truth});
  return report;
}

torch::Tensor normalisedEntropy(const torch::Tensor& probabilities) {
  const int64_t classes = probabilities.size(0);
  const auto p = probabilities.clamp_min(kTiny);
  const auto entropy = -(p * p.log()).sum(0);
  return (entropy / std::log(double(std::max<int64_t>(classes, 2)))).clamp(0, 1);
}

CalibrationVoxels sampleVoxels(const torch::Tensor& probabilities, const torch::Tensor& truth,
                               int64_t count, int64_t ignored) {
  const int64_t classes = probabilities.size(0);
  const auto flatTruth = truth.reshape({-1}).to(torch::kLong);
  const auto flatProbabilities = probabilities.reshape({classes, -1}).t();
  const auto kept =
      torch::nonzero(flatTruth.ne(ignored) & flatTruth.ge(0) & flatTruth.lt(classes)).squeeze(1);
  const int64_t stride =
      std::max<int64_t>(1, (kept.numel() + count - 1) / std::max<int64_t>(count, 1));
  const auto chosen = kept.slice(0, 0, kept.numel(), stride);
  return {flatProbabilities.index_select(0, chosen).to(torch::kFloat),
          flatTruth.index_select(0, chosen)};
}

}  // namespace voxsiam::learn
