#include <gtest/gtest.h>

#include <limits>
#include <map>

#include "render/SliceFrame.h"
#include "tests/support/StoredLabelTampering.h"
#include "tests/ui/StudioHarness.h"
#include "ui/model/CaseSession.h"
#include "ui/widgets/SliceView.h"
#include "ui/widgets/SurfaceView.h"

namespace voxsiam::test {
namespace {

/// Pixels of `image` that are the overlay blend of `color` (opacity 0.5) over some grey.
int blendedPixels(const QImage& image, const std::array<std::uint8_t, 3>& color) {
  int count = 0;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) {
      const QRgb pixel = image.pixel(x, y);
      const int r = 2 * qRed(pixel) - color[0], g = 2 * qGreen(pixel) - color[1],
                b = 2 * qBlue(pixel) - color[2];
      if (r >= -3 && std::abs(r - g) <= 4 && std::abs(g - b) <= 4 && std::abs(r - b) <= 4) ++count;
    }
  return count;
}

/// Organs with at least `minimum` voxels in axial slice `k`.
std::map<std::uint16_t, int> organsInSlice(const image::LabelMap& labels, std::size_t k,
                                           int minimum) {
  std::map<std::uint16_t, int> counts;
  for (std::size_t j = 0; j < labels.size()[1]; ++j)
    for (std::size_t i = 0; i < labels.size()[0]; ++i) {
      const auto label = labels.at(i, j, k);
      if (label) ++counts[label];
    }
  for (auto it = counts.begin(); it != counts.end();)
    it = it->second < minimum ? counts.erase(it) : std::next(it);
  return counts;
}

TEST(StudioViews, SlicesShowOrganColoursAnd3DShowsSurfaces) {
  TempFolder temp;
  auto window = openStudio(demoProjectCopy(temp));
  ASSERT_TRUE(window->session().hasCase());
  auto& session = window->session();
  const auto organs = organsInSlice(session.labels(), session.cursor()[2], 30);
  ASSERT_GE(organs.size(), 2u);
  const QImage axial = window->sliceView(0).renderedImage();
  for (const auto& [label, voxels] : organs) {
    EXPECT_GT(blendedPixels(axial, session.scheme().find(label)->color), 20)
        << session.scheme().nameOf(label) << " (" << voxels << " voxels in the slice)";
  }
  // Hiding an organ removes its colour from the slice.
  const std::uint16_t hidden = organs.begin()->first;
  session.setOrganVisible(hidden, false);
  EXPECT_EQ(
      blendedPixels(window->sliceView(0).renderedImage(), session.scheme().find(hidden)->color), 0);
  session.setOrganVisible(hidden, true);

  const QImage surfaces = window->surfaceView().renderedImage();
  int colourful = 0, liverLike = 0;
  const auto liver = session.scheme().find(5)->color;
  for (int y = 0; y < surfaces.height(); ++y)
    for (int x = 0; x < surfaces.width(); ++x) {
      const QRgb p = surfaces.pixel(x, y);
      const int spread =
          std::max({qRed(p), qGreen(p), qBlue(p)}) - std::min({qRed(p), qGreen(p), qBlue(p)});
      colourful += spread > 40;
      // Shaded liver: red dominant like its colour, darker or lighter.
      liverLike += qRed(p) > qGreen(p) + 25 && qRed(p) > qBlue(p) + 25 && liver[0] > liver[2];
    }
  const int total = surfaces.width() * surfaces.height();
  EXPECT_GT(colourful, total / 20) << "no organ surfaces rendered";
  EXPECT_GT(liverLike, total / 100);
}

TEST(StudioViews, VersionOptionPrintsTheVersion) {
  const auto result = runShell("'" + std::string(VOXSIAM_STUDIO) + "' --version");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(result.out.find("VoxSiam Studio 0."), std::string::npos) << result.out;
}

TEST(StudioViews, ScreenshotOptionSavesTheWindow) {
  TempFolder temp;
  const std::string project = demoProjectCopy(temp);
  // Its own settings folder: the studio run by a test must not add to a user's recent projects.
  const auto result = runShell("XDG_CONFIG_HOME='" + temp.file("config") + "' '" +
                               std::string(VOXSIAM_STUDIO) + "' --project '" + project +
                               "' --case phantom_002 --screenshot '" + temp.file("shot.png") + "'");
  ASSERT_EQ(result.exitCode, 0) << result.err;
  QImage shot(QString::fromStdString(temp.file("shot.png")));
  ASSERT_FALSE(shot.isNull());
  EXPECT_GE(shot.width(), 1000);
  EXPECT_GT(countColor(shot, 0, 0, 0, 2), 10000) << "slice views missing";
}

TEST(StudioViews, ScreenshotOfAProjectThatCannotOpenEndsWithAnErrorNotAWait) {
  TempFolder temp;
  const auto result = runShell(
      "XDG_CONFIG_HOME='" + temp.file("config") + "' timeout 100 '" + std::string(VOXSIAM_STUDIO) +
      "' --project '" + temp.file("missing") + "' --screenshot '" + temp.file("s.png") + "'");
  EXPECT_EQ(result.exitCode, 1) << result.err;
  EXPECT_NE(result.err.find("missing"), std::string::npos) << result.err;
}

TEST(StudioViews, ACaseWhoseStoredLabelsHaveNaNSpacingIsRefusedInOneLine) {
  TempFolder temp;
  const std::string project = demoProjectCopy(temp);
  tamperStoredLabels(project, kStoredSpacingOffset, std::numeric_limits<double>::quiet_NaN());
  const auto result = runShell("XDG_CONFIG_HOME='" + temp.file("config") + "' timeout 100 '" +
                               std::string(VOXSIAM_STUDIO) + "' --project '" + project +
                               "' --case phantom_002 --screenshot '" + temp.file("s.png") + "'");
  EXPECT_EQ(result.exitCode, 1) << result.err;
  EXPECT_NE(result.err.find("invalid voxel spacing"), std::string::npos) << result.err;
}

TEST(StudioViews, WithoutADisplayTheStudioSaysSoInOneLine) {
  const auto result =
      runShell(std::string("env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM '") +
               VOXSIAM_STUDIO + "' --project /nonexistent");
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_NE(result.err.find("no display"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace voxsiam::test
