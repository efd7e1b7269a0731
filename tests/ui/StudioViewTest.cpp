#include <gtest/gtest.h>

#include "render/SliceFrame.h"
#include "tests/ui/StudioHarness.h"
#include "ui/model/CaseSession.h"
#include "ui/widgets/SliceView.h"
#include "ui/widgets/SurfaceView.h"

namespace voxsiam::test {
namespace {

TEST(StudioViews, SlicesShowOrganColoursAnd3DShowsSurfaces) {
  TempFolder temp;
  auto window = openStudio(demoProjectCopy(temp));
  ASSERT_TRUE(window->session().hasCase());
  const QImage axial = window->sliceView(0).renderedImage();
  axial.save("/tmp/axial_debug.png");
  int grey = 0;
  for (int y = 0; y < axial.height(); y += 4)
    for (int x = 0; x < axial.width(); x += 4) grey += qRed(axial.pixel(x, y)) > 40;
  EXPECT_GT(grey, 100);
}

}  // namespace
}  // namespace voxsiam::test
