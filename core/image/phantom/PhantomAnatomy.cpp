#include "core/image/phantom/PhantomAnatomy.h"

#include <cmath>
#include <limits>

namespace voxsiam::image::phantom {
namespace {

constexpr float kNone = std::numeric_limits<float>::quiet_NaN();

double draw(std::mt19937_64& random, double low, double high) {
  return std::uniform_real_distribution<double>(low, high)(random);
}

/// `value` jittered by up to ±`fraction`.
double jitter(std::mt19937_64& random, double value, double fraction) {
  return value * draw(random, 1.0 - fraction, 1.0 + fraction);
}

}  // namespace

PhantomAnatomy PhantomAnatomy::random(std::mt19937_64& random) {
  PhantomAnatomy anatomy;
  anatomy.halfWidth_ = draw(random, 140, 180);
  anatomy.halfDepth_ = anatomy.halfWidth_ * draw(random, 0.65, 0.78);
  anatomy.fat_ = draw(random, 8, 32);
  anatomy.muscle_ = draw(random, 8, 14);
  anatomy.taper_ = draw(random, 0.0, 0.08);
  anatomy.spineY_ = anatomy.halfDepth_ * 0.55;
  anatomy.vertebraRadius_ = draw(random, 16, 21);
  anatomy.discPhase_ = draw(random, 0, 32);
  anatomy.ribPhase_ = draw(random, 0, 26);
  anatomy.addSupportTissues(random);
  anatomy.addOrgans(random);
  return anatomy;
}

double PhantomAnatomy::ellipseRadius(const Point& point, double inset) const {
  const double scale = 1.0 + taper_ * point[2] / 130.0;
  const double x = point[0] / (halfWidth_ * scale - inset);
  const double y = point[1] / (halfDepth_ * scale - inset);
  return std::sqrt(x * x + y * y);
}

BodyRegion PhantomAnatomy::region(const Point& point) const {
  if (ellipseRadius(point, 0) >= 1.0) return BodyRegion::Air;
  if (ellipseRadius(point, fat_) >= 1.0) return BodyRegion::SubcutaneousFat;
  if (ellipseRadius(point, fat_ + muscle_) >= 1.0) return BodyRegion::Muscle;
  return BodyRegion::Cavity;
}

float PhantomAnatomy::spineHu(const Point& point) const {
  const double dx = point[0], dy = point[1] - spineY_;
  const double axial = std::sqrt(dx * dx + dy * dy);
  const bool disc = std::fmod(point[2] + discPhase_ + 1000.0, 32.0) < 6.0;
  if (axial < vertebraRadius_) {
    if (disc) return 85.f;
    return axial > vertebraRadius_ - 2.5 ? 650.f : 230.f;
  }
  const double canalY = dy - vertebraRadius_ - 9.0;
  if (std::sqrt(dx * dx + canalY * canalY) < 8.0) return 25.f;
  const bool arch = std::fabs(dx) < 16.0 && canalY > -10.0 && canalY < 14.0;
  const bool process = std::fabs(dx) < 5.0 && canalY >= 14.0 && canalY < 40.0;
  if ((arch || process) && !disc) return 480.f;
  return kNone;
}

float PhantomAnatomy::ribHu(const Point& point) const {
  if (region(point) != BodyRegion::Muscle) return kNone;
  const double angle = std::atan2(point[1] / halfDepth_, point[0] / halfWidth_);
  const double posterior = std::sin(angle);  // 1 at the back, -1 at the front
  const double lowestRib = -40.0 - 50.0 * posterior;
  if (point[2] < lowestRib) return kNone;
  const double slope = 30.0 * posterior;
  return std::fmod(point[2] + slope + ribPhase_ + 1000.0, 26.0) < 8.0 ? 550.f : kNone;
}

float PhantomAnatomy::skeletonHu(const Point& point) const {
  const float spine = spineHu(point);
  return std::isnan(spine) ? ribHu(point) : spine;
}

void PhantomAnatomy::addSupportTissues(std::mt19937_64& random) {
  const double a = halfWidth_, b = halfDepth_;
  TissueLayer bowel{{}, 30.f, 0, 0};
  TissueLayer gas{{}, -850.f, 0, 0};
  for (int loop = 0; loop < 22; ++loop) {
    const Point start{draw(random, -0.6, 0.6) * a, draw(random, -0.6, 0.2) * b,
                      draw(random, -130, 10)};
    const Point end{start[0] + draw(random, -50, 50), start[1] + draw(random, -30, 30),
                    start[2] + draw(random, -30, 30)};
    bowel.shapes.push_back(PhantomShape::tube({start, end}, draw(random, 9, 16), 0.2, random));
    if (loop % 3 == 0)
      gas.shapes.push_back(PhantomShape::ellipsoid(start, {8, 8, 8}, 0, 0.2, random));
  }
  TissueLayer psoas{{}, 50.f, 0, 0};
  for (double side : {-1.0, 1.0})
    psoas.shapes.push_back(PhantomShape::tube({{side * 38, spineY_ - 5, -5},
                                               {side * 55, spineY_ - 20, -90},
                                               {side * 70, spineY_ - 35, -160}},
                                              jitter(random, 17, 0.2), 0.15, random));
  TissueLayer aorta{{}, 170.f, 0, 0}, cava{{}, 135.f, 0, 0};
  aorta.shapes.push_back(PhantomShape::tube({{10, spineY_ - 30, 160}, {14, spineY_ - 32, -100}},
                                            jitter(random, 11, 0.15), 0.05, random));
  cava.shapes.push_back(PhantomShape::tube({{-22, spineY_ - 32, 160}, {-20, spineY_ - 30, -100}},
                                           jitter(random, 12, 0.15), 0.1, random));
  layers_.insert(layers_.end(), {bowel, gas, psoas, aorta, cava});
}

void PhantomAnatomy::addOrgans(std::mt19937_64& random) {
  const double a = halfWidth_, b = halfDepth_;
  auto spot = [&](double x, double y, double z, double spread) {
    return Point{(x + draw(random, -spread, spread)) * a, (y + draw(random, -spread, spread)) * b,
                 z + draw(random, -15, 15)};
  };
  auto blob = [&](const Point& centre, const Point& radii, double yaw) {
    return PhantomShape::ellipsoid(centre,
                                   {jitter(random, radii[0], 0.15), jitter(random, radii[1], 0.15),
                                    jitter(random, radii[2], 0.15)},
                                   yaw + draw(random, -0.25, 0.25), 0.22, random);
  };
  TissueLayer kidneyRight{{blob(spot(-0.34, 0.42, -30, 0.04), {24, 20, 50}, -0.4)}, 150.f, 0, 0};
  TissueLayer kidneyLeft{{blob(spot(0.34, 0.42, -15, 0.04), {24, 20, 50}, 0.4)}, 150.f, 2, 0};
  TissueLayer spleen{{blob(spot(0.5, 0.38, 45, 0.05), {0.13 * a, 0.3 * b, 45}, 0.6)}, 48.f, 1, 0};
  TissueLayer liver{{blob(spot(-0.38, -0.02, 55, 0.04), {0.42 * a, 0.72 * b, 70}, 0.0),
                     blob(spot(0.02, -0.35, 75, 0.04), {0.3 * a, 0.3 * b, 35}, 0.2)},
                    62.f,
                    5,
                    0};
  TissueLayer gallbladder{{blob(spot(-0.28, -0.45, 10, 0.05), {13, 18, 32}, 0.3)}, 8.f, 3, 0};
  const Point stomachCentre = spot(0.3, -0.15, 55, 0.05);
  TissueLayer stomach{{blob(stomachCentre, {0.22 * a, 0.4 * b, 50}, 0.5)}, 25.f, 6, 0};
  TissueLayer stomachGas{{PhantomShape::ellipsoid(
                             {stomachCentre[0], stomachCentre[1] - 0.25 * b, stomachCentre[2] + 25},
                             {25, 18, 20}, 0, 0.2, random)},
                         -800.f,
                         6,
                         6};
  TissueLayer esophagus{{PhantomShape::tube({spot(0.04, 0.33, 160, 0.02),
                                             spot(0.1, 0.22, 95, 0.02),
                                             {stomachCentre[0] - 0.08 * a,
                                              stomachCentre[1] + 0.12 * b, stomachCentre[2] + 28}},
                                            jitter(random, 8, 0.15), 0.15, random)},
                        45.f,
                        4,
                        0};
  TissueLayer pancreas{{PhantomShape::tube({spot(-0.12, 0.05, -5, 0.03), spot(0.05, 0.15, 5, 0.03),
                                            spot(0.34, 0.3, 22, 0.03)},
                                           jitter(random, 12, 0.2), 0.3, random)},
                       45.f,
                       7,
                       0};
  TissueLayer duodenum{
      {PhantomShape::tube(
          {spot(0.05, -0.2, 30, 0.02), spot(-0.2, -0.05, 20, 0.02), spot(-0.26, 0.05, -10, 0.02),
           spot(-0.2, 0.1, -35, 0.02), spot(0.05, 0.12, -42, 0.02), spot(0.15, 0.08, -30, 0.02)},
          jitter(random, 10, 0.15), 0.2, random)},
      32.f,
      8,
      0};
  layers_.insert(layers_.end(), {kidneyRight, kidneyLeft, spleen, liver, gallbladder, stomach,
                                 stomachGas, esophagus, pancreas, duodenum});
}

}  // namespace voxsiam::image::phantom
