#include "core/edit/effects/Scissors.h"

#include <algorithm>
#include <cmath>

#include "core/edit/effects/SlicePlane.h"

namespace voxsiam::edit {
namespace {

using Point = std::array<double, 2>;
constexpr double kOnOutline = 1e-6;

/// Whether `point` lies on the segment from `from` to `to` (within kOnOutline).
bool onSegment(const Point& point, const Point& from, const Point& to) {
  const double dx = to[0] - from[0], dy = to[1] - from[1];
  const double length2 = dx * dx + dy * dy;
  double t = length2 > 0 ? ((point[0] - from[0]) * dx + (point[1] - from[1]) * dy) / length2 : 0;
  t = std::clamp(t, 0.0, 1.0);
  const double ex = from[0] + t * dx - point[0], ey = from[1] + t * dy - point[1];
  return ex * ex + ey * ey <= kOnOutline * kOnOutline;
}

/// Marks the pixels of row `b` whose centres lie inside by the even-odd rule.
void fillRow(const std::vector<Point>& points, std::size_t b, std::size_t width,
             std::vector<std::uint8_t>& inside) {
  const double y = double(b);
  std::vector<double> crossings;
  for (std::size_t n = 0; n < points.size(); ++n) {
    const Point& from = points[n];
    const Point& to = points[(n + 1) % points.size()];
    if ((from[1] <= y) == (to[1] <= y)) continue;
    crossings.push_back(from[0] + (y - from[1]) * (to[0] - from[0]) / (to[1] - from[1]));
  }
  std::sort(crossings.begin(), crossings.end());
  for (std::size_t n = 0; n + 1 < crossings.size(); n += 2) {
    const double first = std::max(0.0, std::ceil(crossings[n]));
    const double last = std::min(double(width) - 1, std::ceil(crossings[n + 1]) - 1);
    for (double a = first; a <= last; ++a) inside[std::size_t(a) + b * width] = 1;
  }
}

/// Marks the pixels whose centres lie on the outline's edges.
void markOutline(const std::vector<Point>& points, std::size_t width, std::size_t height,
                 std::vector<std::uint8_t>& inside) {
  for (std::size_t n = 0; n < points.size(); ++n) {
    const Point& from = points[n];
    const Point& to = points[(n + 1) % points.size()];
    const long a0 = std::max(0L, long(std::floor(std::min(from[0], to[0]))));
    const long a1 = std::min(long(width) - 1, long(std::ceil(std::max(from[0], to[0]))));
    const long b0 = std::max(0L, long(std::floor(std::min(from[1], to[1]))));
    const long b1 = std::min(long(height) - 1, long(std::ceil(std::max(from[1], to[1]))));
    for (long b = b0; b <= b1; ++b)
      for (long a = a0; a <= a1; ++a)
        if (onSegment({double(a), double(b)}, from, to))
          inside[std::size_t(a + b * long(width))] = 1;
  }
}

}  // namespace

std::vector<std::uint8_t> outlineInterior(const ScissorsOutline& outline, std::size_t width,
                                          std::size_t height) {
  std::vector<std::uint8_t> inside(width * height, 0);
  if (outline.points.size() < 3) return inside;
  for (std::size_t b = 0; b < height; ++b) fillRow(outline.points, b, width, inside);
  markOutline(outline.points, width, height, inside);
  return inside;
}

std::size_t cutWithScissors(ChangeRecorder& recorder, const ScissorsOutline& outline,
                            const ScissorsRequest& request) {
  if (outline.points.size() < 3 || outline.axis < 0 || outline.axis > 2) return 0;
  const auto& labels = recorder.labels();
  const auto& geometry = labels.geometry();
  const SlicePlane plane = SlicePlane::of(geometry, outline.axis);
  const auto inside = outlineInterior(outline, plane.width, plane.height);
  std::size_t first = 0, last = plane.slices - 1;
  if (request.slab) {
    first = std::min((*request.slab)[0], (*request.slab)[1]);
    last = std::min(plane.slices - 1, std::max((*request.slab)[0], (*request.slab)[1]));
  }
  const bool fill = request.action == ScissorsAction::FillInside;
  const bool wantInside = request.action != ScissorsAction::EraseOutside;
  const std::size_t before = recorder.size();
  for (std::size_t slice = 0; slice < plane.slices; ++slice) {
    const bool inSlab = slice >= first && slice <= last;
    if (!inSlab && request.action != ScissorsAction::EraseOutside) continue;
    for (std::size_t b = 0; b < plane.height; ++b)
      for (std::size_t a = 0; a < plane.width; ++a) {
        const bool chosen = inSlab && inside[a + b * plane.width];
        if (chosen != wantInside) continue;
        const auto at = plane.voxel(a, b, slice);
        const std::size_t index = geometry.linearIndex(at[0], at[1], at[2]);
        const std::uint16_t current = labels[index];
        if (fill) {
          if (request.scope.mayPaint(index, current, request.label))
            recorder.set(index, request.label);
        } else if (current != 0 && (request.label == 0 || current == request.label)) {
          recorder.set(index, 0);
        }
      }
  }
  return recorder.size() - before;
}

}  // namespace voxsiam::edit
