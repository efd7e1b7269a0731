#pragma once
#include <array>
#include <random>
#include <vector>

namespace voxsiam::image::phantom {

using Point = std::array<double, 3>;

/// A solid in the phantom's anatomical frame (mm, LPS, body centre at x = y = 0): either a
/// deformed ellipsoid (a smooth random wobble of the radius) or a tube of varying radius along a
/// polyline. Each shape owns its random wobble, so one seed gives one anatomy.
class PhantomShape {
 public:
  /// An ellipsoid at `centre` with semi-axes `radii`, turned by `yaw` radians about z, whose
  /// radius varies by up to `wobble` (fraction) in a few random low-frequency modes.
  static PhantomShape ellipsoid(const Point& centre, const Point& radii, double yaw, double wobble,
                                std::mt19937_64& random);
  /// A tube of `radius` (varying by up to `wobble`) along the polyline `path`.
  static PhantomShape tube(std::vector<Point> path, double radius, double wobble,
                           std::mt19937_64& random);

  /// True when `point` lies inside the solid.
  bool contains(const Point& point) const;
  /// Axis-aligned bounds (mm) that enclose the solid: {low, high}.
  std::array<Point, 2> bounds() const;

 private:
  struct Mode {
    double amplitude, thetaFrequency, phiFrequency, thetaPhase, phiPhase;
  };
  double wobbleFactor(double theta, double phi) const;
  bool ellipsoidContains(const Point& point) const;
  bool tubeContains(const Point& point) const;

  bool isTube_ = false;
  Point centre_{0, 0, 0};
  Point radii_{1, 1, 1};
  double cosYaw_ = 1, sinYaw_ = 0;
  std::vector<Point> path_;
  double tubeRadius_ = 0;
  std::vector<Mode> modes_;
  double maxWobble_ = 0;
};

}  // namespace voxsiam::image::phantom
