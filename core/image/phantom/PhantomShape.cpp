#include "core/image/phantom/PhantomShape.h"

#include <algorithm>
#include <cmath>

namespace voxsiam::image::phantom {
namespace {

double uniform(std::mt19937_64& random, double low, double high) {
  return std::uniform_real_distribution<double>(low, high)(random);
}

/// Squared distance from `point` to segment a-b and the position (0..1) of the closest point.
std::pair<double, double> segmentDistance2(const Point& point, const Point& a, const Point& b) {
  Point ab{b[0] - a[0], b[1] - a[1], b[2] - a[2]};
  const double length2 = ab[0] * ab[0] + ab[1] * ab[1] + ab[2] * ab[2];
  double t = 0;
  for (int axis = 0; axis < 3; ++axis) t += (point[axis] - a[axis]) * ab[axis];
  t = length2 > 0 ? std::clamp(t / length2, 0.0, 1.0) : 0.0;
  double distance2 = 0;
  for (int axis = 0; axis < 3; ++axis) {
    const double delta = point[axis] - (a[axis] + t * ab[axis]);
    distance2 += delta * delta;
  }
  return {distance2, t};
}

}  // namespace

PhantomShape PhantomShape::ellipsoid(const Point& centre, const Point& radii, double yaw,
                                     double wobble, std::mt19937_64& random) {
  PhantomShape shape;
  shape.centre_ = centre;
  shape.radii_ = radii;
  shape.cosYaw_ = std::cos(yaw);
  shape.sinYaw_ = std::sin(yaw);
  shape.maxWobble_ = wobble;
  for (int mode = 0; mode < 4; ++mode)
    shape.modes_.push_back({wobble / 4 * uniform(random, 0.5, 1.0),
                            std::floor(uniform(random, 1, 4)), std::floor(uniform(random, 1, 4)),
                            uniform(random, 0, 6.283), uniform(random, 0, 6.283)});
  return shape;
}

PhantomShape PhantomShape::tube(std::vector<Point> path, double radius, double wobble,
                                std::mt19937_64& random) {
  PhantomShape shape;
  shape.isTube_ = true;
  shape.path_ = std::move(path);
  shape.tubeRadius_ = radius;
  shape.maxWobble_ = wobble;
  for (int mode = 0; mode < 2; ++mode)
    shape.modes_.push_back({wobble / 2 * uniform(random, 0.5, 1.0),
                            std::floor(uniform(random, 1, 5)), 0, uniform(random, 0, 6.283), 0});
  return shape;
}

double PhantomShape::wobbleFactor(double theta, double phi) const {
  double factor = 1.0;
  for (const auto& mode : modes_)
    factor += mode.amplitude * std::sin(mode.thetaFrequency * theta + mode.thetaPhase) *
              std::cos(mode.phiFrequency * phi + mode.phiPhase);
  return factor;
}

bool PhantomShape::ellipsoidContains(const Point& point) const {
  const double dx = point[0] - centre_[0], dy = point[1] - centre_[1];
  const double u = (cosYaw_ * dx + sinYaw_ * dy) / radii_[0];
  const double v = (-sinYaw_ * dx + cosYaw_ * dy) / radii_[1];
  const double w = (point[2] - centre_[2]) / radii_[2];
  const double r2 = u * u + v * v + w * w;
  const double limit = 1.0 + maxWobble_;
  if (r2 > limit * limit) return false;
  const double r = std::sqrt(r2);
  if (r < 1e-9) return true;
  return r < wobbleFactor(std::acos(std::clamp(w / r, -1.0, 1.0)), std::atan2(v, u));
}

bool PhantomShape::tubeContains(const Point& point) const {
  double best2 = 1e300, along = 0;
  for (std::size_t segment = 0; segment + 1 < path_.size(); ++segment) {
    const auto [distance2, t] = segmentDistance2(point, path_[segment], path_[segment + 1]);
    if (distance2 < best2) {
      best2 = distance2;
      along = static_cast<double>(segment) + t;
    }
  }
  const double radius = tubeRadius_ * wobbleFactor(along * 1.3, 0.0);
  return best2 < radius * radius;
}

bool PhantomShape::contains(const Point& point) const {
  return isTube_ ? tubeContains(point) : ellipsoidContains(point);
}

std::array<Point, 2> PhantomShape::bounds() const {
  const double grow = 1.0 + maxWobble_;
  if (!isTube_) {
    const double planar = std::max(radii_[0], radii_[1]) * grow;
    return {Point{centre_[0] - planar, centre_[1] - planar, centre_[2] - radii_[2] * grow},
            Point{centre_[0] + planar, centre_[1] + planar, centre_[2] + radii_[2] * grow}};
  }
  Point low = path_.front(), high = path_.front();
  for (const auto& point : path_)
    for (int axis = 0; axis < 3; ++axis) {
      low[axis] = std::min(low[axis], point[axis]);
      high[axis] = std::max(high[axis], point[axis]);
    }
  for (int axis = 0; axis < 3; ++axis) {
    low[axis] -= tubeRadius_ * grow;
    high[axis] += tubeRadius_ * grow;
  }
  return {low, high};
}

}  // namespace voxsiam::image::phantom
