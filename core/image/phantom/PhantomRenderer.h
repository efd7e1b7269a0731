#pragma once
#include <random>

#include "core/image/phantom/PhantomAnatomy.h"
#include "core/image/phantom/PhantomGenerator.h"

namespace voxsiam::image::phantom {

/// Paints an anatomy onto a grid (identity direction): body wall, tissue layers in order,
/// skeleton last (so no organ overlaps bone), then a smooth intensity texture, partial-volume blur
/// and noise.
class PhantomRenderer {
 public:
  PhantomRenderer(const PhantomAnatomy& anatomy, const ImageGeometry& geometry);

  /// The rendered case; `random` drives texture and noise.
  PhantomCase render(std::mt19937_64& random);

 private:
  Point pointOf(std::size_t i, std::size_t j, std::size_t k) const;
  void paintBody();
  void paintSkeleton();
  void paintLayer(const TissueLayer& layer);
  void addTexture(std::mt19937_64& random);
  void blurPartialVolume();
  void addNoise(std::mt19937_64& random);

  const PhantomAnatomy& anatomy_;
  ImageGeometry geometry_;
  PhantomCase case_;
  std::vector<unsigned char> inCavity_;
};

}  // namespace voxsiam::image::phantom
