#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/image/Image3D.h"

namespace voxsiam::segment {
class Segmenter;
}

namespace voxsiam::workflow {

/// Scores of one organ of one case under two models, A and B.
struct PairedScore {
  std::optional<double> diceA, diceB, hd95A, hd95B;
};

/// Per organ id: the paired scores.
using OrganPairs = std::map<std::uint16_t, PairedScore>;
/// Per case (in order): its name and paired scores.
using CasePairs = std::vector<std::pair<std::string, OrganPairs>>;

/// B - A when both are defined.
std::optional<double> difference(const std::optional<double>& a, const std::optional<double>& b);

/// Segments `ct` with both models and scores `organs` against `reference` (its voxels of value
/// 255 are not annotated and count for neither).
OrganPairs scoreBoth(const image::Volume& ct, const image::LabelMap& reference,
                     const std::vector<std::uint16_t>& organs, const segment::Segmenter& a,
                     const segment::Segmenter& b);

/// Per organ, the mean Dice over the cases where both models have one, and each model's mean
/// HD95 over the cases where it has one (a model that misses an organ has no HD95 there).
OrganPairs meansOf(const CasePairs& cases);

/// Organs whose mean Dice drops by more than `maxDrop` from A to B.
std::vector<std::uint16_t> regressions(const OrganPairs& means, double maxDrop);

}  // namespace voxsiam::workflow
