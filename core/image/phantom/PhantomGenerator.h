#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <string>

#include "core/image/Image3D.h"

namespace voxsiam::image::phantom {

/// One synthetic abdominal CT: HU image and its Gibson-8 label map on the same grid.
struct PhantomCase {
  Volume image;
  LabelMap labels;
};

/// Generates synthetic abdominal CT cases: body outline, subcutaneous fat, abdominal wall
/// muscle, psoas, spine with discs and canal, ribs, aorta and IVC, bowel loops with gas, and the
/// eight Gibson-8 organs (spleen 1, left kidney 2, gallbladder 3, esophagus 4, liver 5, stomach 6,
/// pancreas 7, duodenum 8; the right kidney is present but unlabelled, as in Gibson-8), with
/// plausible HU, partial-volume edges and noise. Each seed gives a different anatomy (body size,
/// organ sizes, positions and shapes), voxel spacing and field of view.
class PhantomGenerator {
 public:
  /// Cases on a grid of `size` voxels (i: right to left, j: anterior to posterior, k: up).
  explicit PhantomGenerator(std::array<std::size_t, 3> size = {128, 128, 64});

  /// The case of `seed`; the same seed always gives the same case.
  PhantomCase generate(std::uint64_t seed) const;

 private:
  std::array<std::size_t, 3> size_;
};

/// Seed of case `index` of a data set made with `seed`.
std::uint64_t phantomCaseSeed(std::uint64_t seed, std::size_t index);

/// Writes `count` cases (seeds derived from `seed`) in the nnU-Net layout under `folder`:
/// imagesTr/phantom_NNN_0000.nii.gz, labelsTr/phantom_NNN.nii.gz and dataset.json. Each file
/// is written atomically; `progress` (may be empty) is called with each finished case's name.
void writePhantomDataset(const std::string& folder, std::size_t count, std::uint64_t seed,
                         const std::function<void(const std::string&)>& progress = {});

}  // namespace voxsiam::image::phantom
