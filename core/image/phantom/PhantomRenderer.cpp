#include "core/image/phantom/PhantomRenderer.h"

#include <algorithm>
#include <cmath>

namespace voxsiam::image::phantom {

PhantomRenderer::PhantomRenderer(const PhantomAnatomy& anatomy, const ImageGeometry& geometry)
    : anatomy_(anatomy), geometry_(geometry) {
  case_.image = Volume(geometry, -1000.f);
  case_.labels = LabelMap(geometry, 0);
  inCavity_.assign(geometry.voxelCount(), 0);
}

Point PhantomRenderer::pointOf(std::size_t i, std::size_t j, std::size_t k) const {
  return {geometry_.origin[0] + geometry_.spacing[0] * static_cast<double>(i),
          geometry_.origin[1] + geometry_.spacing[1] * static_cast<double>(j),
          geometry_.origin[2] + geometry_.spacing[2] * static_cast<double>(k)};
}

PhantomCase PhantomRenderer::render(std::mt19937_64& random) {
  paintBody();
  for (const auto& layer : anatomy_.layers()) paintLayer(layer);
  paintSkeleton();
  addTexture(random);
  blurPartialVolume();
  addNoise(random);
  return std::move(case_);
}

void PhantomRenderer::paintBody() {
  static const float kRegionHu[] = {-1000.f, -105.f, 52.f, -88.f};
  std::size_t index = 0;
  for (std::size_t k = 0; k < geometry_.size[2]; ++k)
    for (std::size_t j = 0; j < geometry_.size[1]; ++j)
      for (std::size_t i = 0; i < geometry_.size[0]; ++i, ++index) {
        const BodyRegion region = anatomy_.region(pointOf(i, j, k));
        case_.image[index] = kRegionHu[static_cast<int>(region)];
        inCavity_[index] = region == BodyRegion::Cavity;
      }
}

void PhantomRenderer::paintSkeleton() {
  std::size_t index = 0;
  for (std::size_t k = 0; k < geometry_.size[2]; ++k)
    for (std::size_t j = 0; j < geometry_.size[1]; ++j)
      for (std::size_t i = 0; i < geometry_.size[0]; ++i, ++index) {
        if (case_.image[index] <= -1000.f) continue;
        const float bone = anatomy_.skeletonHu(pointOf(i, j, k));
        if (std::isnan(bone)) continue;
        case_.image[index] = bone;
        case_.labels[index] = 0;
      }
}

void PhantomRenderer::paintLayer(const TissueLayer& layer) {
  for (const auto& shape : layer.shapes) {
    const auto bounds = shape.bounds();
    std::array<std::size_t, 3> low{}, high{};
    bool empty = false;
    for (int axis = 0; axis < 3; ++axis) {
      const double first =
          std::ceil((bounds[0][axis] - geometry_.origin[axis]) / geometry_.spacing[axis]);
      const double last =
          std::floor((bounds[1][axis] - geometry_.origin[axis]) / geometry_.spacing[axis]);
      const double top = static_cast<double>(geometry_.size[axis]) - 1;
      empty = empty || last < 0 || first > top;
      low[axis] = static_cast<std::size_t>(std::clamp(first, 0.0, top));
      high[axis] = static_cast<std::size_t>(std::clamp(last, 0.0, top));
    }
    if (empty) continue;
    for (std::size_t k = low[2]; k <= high[2]; ++k)
      for (std::size_t j = low[1]; j <= high[1]; ++j)
        for (std::size_t i = low[0]; i <= high[0]; ++i) {
          const std::size_t index = geometry_.linearIndex(i, j, k);
          if (!inCavity_[index]) continue;
          if (layer.onlyWithinLabel && case_.labels[index] != layer.onlyWithinLabel) continue;
          if (!shape.contains(pointOf(i, j, k))) continue;
          case_.image[index] = layer.hu;
          case_.labels[index] = layer.label;
        }
  }
}

void PhantomRenderer::addTexture(std::mt19937_64& random) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  struct Wave {
    double kx, ky, kz, phase, amplitude;
  };
  std::vector<Wave> waves;
  for (int wave = 0; wave < 6; ++wave) {
    const double wavelength = 25.0 + 60.0 * unit(random);
    const double theta = std::acos(2 * unit(random) - 1), phi = 6.2832 * unit(random);
    const double k = 6.2832 / wavelength;
    waves.push_back({k * std::sin(theta) * std::cos(phi), k * std::sin(theta) * std::sin(phi),
                     k * std::cos(theta), 6.2832 * unit(random), 3.0 + 3.0 * unit(random)});
  }
  std::size_t index = 0;
  for (std::size_t k = 0; k < geometry_.size[2]; ++k)
    for (std::size_t j = 0; j < geometry_.size[1]; ++j)
      for (std::size_t i = 0; i < geometry_.size[0]; ++i, ++index) {
        if (case_.image[index] < -300.f || case_.image[index] > 200.f) continue;
        const Point p = pointOf(i, j, k);
        double offset = 0;
        for (const auto& w : waves)
          offset += w.amplitude * std::sin(w.kx * p[0] + w.ky * p[1] + w.kz * p[2] + w.phase);
        case_.image[index] += static_cast<float>(offset);
      }
}

void PhantomRenderer::blurPartialVolume() {
  const float weights[3] = {0.25f, 0.5f, 0.25f};
  auto& voxels = case_.image.voxels();
  std::vector<float> blurred(voxels.size());
  const std::size_t strides[3] = {1, geometry_.size[0], geometry_.size[0] * geometry_.size[1]};
  for (int axis = 0; axis < 3; ++axis) {
    std::size_t index = 0;
    for (std::size_t k = 0; k < geometry_.size[2]; ++k)
      for (std::size_t j = 0; j < geometry_.size[1]; ++j)
        for (std::size_t i = 0; i < geometry_.size[0]; ++i, ++index) {
          const std::size_t position = axis == 0 ? i : axis == 1 ? j : k;
          const bool hasBefore = position > 0, hasAfter = position + 1 < geometry_.size[axis];
          const float before = voxels[hasBefore ? index - strides[axis] : index];
          const float after = voxels[hasAfter ? index + strides[axis] : index];
          blurred[index] = weights[0] * before + weights[1] * voxels[index] + weights[2] * after;
        }
    voxels.swap(blurred);
  }
}

void PhantomRenderer::addNoise(std::mt19937_64& random) {
  std::normal_distribution<float> noise(0.f, 11.f);
  for (auto& value : case_.image.voxels())
    value = std::clamp(std::round(value + noise(random)), -1024.f, 3071.f);
}

}  // namespace voxsiam::image::phantom
