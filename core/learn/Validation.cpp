#include "core/learn/Validation.h"

#include <cmath>

#include "core/learn/BatchSource.h"
#include "core/learn/GridTensor.h"

namespace voxsiam::learn {

std::vector<double> diceOnGrid(const torch::Tensor& predicted, const torch::Tensor& truth,
                               int64_t classes, const torch::Tensor& annotated) {
  std::vector<double> dice;
  const auto counted = truth.ne(kIgnoreLabel);
  for (int64_t c = 1; c < classes; ++c) {
    if (annotated[c].item<double>() < 1) {
      dice.push_back(NAN);
      continue;
    }
    const auto a = predicted.eq(c).logical_and(counted), b = truth.eq(c);
    const double sizes = (a.sum() + b.sum()).item<double>();
    dice.push_back(sizes == 0 ? NAN : 2.0 * a.logical_and(b).sum().item<double>() / sizes);
  }
  return dice;
}

std::vector<double> validationDice(UNet3D& model, const std::vector<TrainingVolume>& volumes,
                                   const InferenceSettings& settings, const torch::Device& device,
                                   int64_t classes, const RankAgreement& ranks) {
  auto sums = torch::zeros({classes - 1}, torch::kDouble);
  auto counts = torch::zeros({classes - 1}, torch::kDouble);
  for (std::size_t v = ranks.rank(); v < volumes.size(); v += ranks.size()) {
    const auto& volume = volumes[v];
    const auto image = gridView(volume.image, volume.size);
    const auto truth = gridView(volume.labels, volume.size).to(torch::kLong);
    const auto predicted = predictVolume(model, image, settings, device).argmax(0);
    const auto dice = diceOnGrid(predicted, truth, classes, annotationOf(volume, classes));
    for (std::size_t c = 0; c < dice.size(); ++c)
      if (!std::isnan(dice[c])) sums[c] += dice[c], counts[c] += 1;
  }
  auto packed = torch::cat({sums, counts});  // summed in float across ranks, kept in double
  ranks.sum({packed}, /*patient=*/true);
  std::vector<double> mean;
  for (int64_t c = 0; c < classes - 1; ++c) {
    const double count = packed[classes - 1 + c].item<double>();
    mean.push_back(count > 0 ? packed[c].item<double>() / count : NAN);
  }
  return mean;
}

}  // namespace voxsiam::learn
