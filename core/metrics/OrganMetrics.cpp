#include "core/metrics/OrganMetrics.h"

#include <algorithm>
#include <cmath>

namespace voxsiam::metrics {
namespace {

std::optional<double> meanOfDefined(const std::vector<OrganMetrics>& organs,
                                    std::optional<double> OrganMetrics::*field) {
  double sum = 0;
  std::size_t count = 0;
  for (const auto& organ : organs) {
    if (!(organ.*field)) continue;
    sum += *(organ.*field);
    ++count;
  }
  if (count == 0) return std::nullopt;
  return sum / static_cast<double>(count);
}

}  // namespace

MeanMetrics meanOf(const std::vector<OrganMetrics>& organs) {
  return {meanOfDefined(organs, &OrganMetrics::dice), meanOfDefined(organs, &OrganMetrics::hd95),
          meanOfDefined(organs, &OrganMetrics::assd)};
}

double linearPercentile(std::vector<double>& values, double q) {
  const double position = q * static_cast<double>(values.size() - 1);
  const auto lower = static_cast<std::size_t>(std::floor(position));
  const std::size_t upper = std::min(lower + 1, values.size() - 1);
  std::nth_element(values.begin(), values.begin() + lower, values.end());
  const double low = values[lower];
  if (upper == lower) return low;
  const double high = *std::min_element(values.begin() + lower + 1, values.end());
  return low + (position - static_cast<double>(lower)) * (high - low);
}

}  // namespace voxsiam::metrics
