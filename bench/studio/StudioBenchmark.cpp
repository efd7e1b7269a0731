// bench/studio: (1) time from a brush event to the repainted axial slice view on the 512x512
// slices of the AMOS label map (a generated CT on its grid), through the studio's own classes:
// mouse event -> edit controller -> label editor -> compositing of the changed rows -> VTK render
// and read-back -> Qt paint; (2) time to rebuild one organ's surface after an edit on a
// 128x128x64 phantom label map (surface extraction + smoothing + scene update + 3-D render).
// Needs a display: run it under xvfb-run.
//
// usage: xvfb-run -a -s "-screen 0 2100x1300x24" bench_studio [DATA_DIR]
#include <QApplication>
#include <QElapsedTimer>
#include <QMouseEvent>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <vector>

#include "core/image/ImageReader.h"
#include "core/image/ImageWriter.h"
#include "core/image/phantom/PhantomGenerator.h"
#include "render/SurfaceExtractor.h"
#include "render/SurfaceScene.h"

#include <vtkNew.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include "storage/Project.h"
#include "storage/import/ProjectImporter.h"
#include "ui/model/CaseSession.h"
#include "ui/model/EditController.h"
#include "ui/model/SurfaceController.h"
#include "ui/widgets/MainWindow.h"
#include "ui/widgets/SliceView.h"
#include "ui/widgets/SurfaceView.h"

namespace {

namespace fs = std::filesystem;
using namespace voxsiam;
using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void waitFor(const std::function<bool()>& done) {
  QElapsedTimer timer;
  timer.start();
  while (!done() && timer.elapsed() < 120000)
    QApplication::processEvents(QEventLoop::AllEvents, 20);
}

std::pair<double, double> medianAndP95(std::vector<double> times) {
  std::sort(times.begin(), times.end());
  return {times[times.size() / 2], times[times.size() * 95 / 100]};
}

fs::path amosProject(const std::string& dataDir, const fs::path& scratch) {
  const std::string label = dataDir + "/amos/amos_0013_label.nii.gz";
  const image::LabelMap amos = image::readLabelMap(label);
  image::Volume ct(amos.geometry(), -1000.0f);
  for (std::size_t v = 0; v < amos.voxelCount(); ++v) ct[v] = amos[v] ? 60.0f : -80.0f;
  image::writeVolume(ct, (scratch / "amos_ct.nii.gz").string(), image::StoredType::Int16);
  const fs::path folder = scratch / "project";
  storage::Project project = storage::Project::create(folder, {});
  storage::ImportOptions options;
  options.mapping = "amos";
  storage::ProjectImporter(project).run(
      {{"amos_0013", (scratch / "amos_ct.nii.gz").string(), label, ""}}, options);
  return folder;
}

void sendMove(QWidget& view, const QPointF& point, bool press) {
  QMouseEvent event(press ? QEvent::MouseButtonPress : QEvent::MouseMove, point,
                    view.mapToGlobal(point), press ? Qt::LeftButton : Qt::NoButton, Qt::LeftButton,
                    Qt::NoModifier);
  QApplication::sendEvent(&view, &event);
}

void brushToRepaint(const fs::path& project) {
  ui::MainWindow window;
  window.setAskBeforeDiscarding(false);
  window.setAskUserName(false);
  window.resize(2050, 1250);
  window.show();
  window.openProject(QString::fromStdString(project.string()));
  waitFor([&] { return window.session().hasCase() && !window.surfaceController().busy(); });
  window.editController().setTool("brush");
  window.editController().setActiveLabel(5);
  window.editController().setBrushRadius(6);
  ui::SliceView& axial = window.sliceView(0);
  const auto cursor = window.session().cursor();
  std::vector<double> total, render, composite, event;
  sendMove(axial, axial.voxelToScreen({150, 200, cursor[2]}), true);
  for (std::size_t step = 0; step < 60; ++step) {
    const QPointF point = axial.voxelToScreen({150 + step * 3, 200 + step * 2, cursor[2]});
    const auto start = Clock::now();
    sendMove(axial, point, false);
    event.push_back(msSince(start));
    axial.repaint();
    total.push_back(msSince(start));
    render.push_back(axial.lastPictureMs());
    composite.push_back(axial.lastCompositeMs());
  }
  window.editController().strokeEnd();
  const auto [median, p95] = medianAndP95(total);
  const auto [renderMedian, renderP95] = medianAndP95(render);
  const auto [compositeMedian, compositeP95] = medianAndP95(composite);
  const auto [eventMedian, eventP95] = medianAndP95(event);
  const auto& frame = axial.frame();
  std::cout << std::fixed << std::setprecision(1) << "brush event -> repainted axial view ("
            << frame.width << "x" << frame.height << " slice, view " << axial.width() << "x"
            << axial.height() << " px): median " << median << " ms, p95 " << p95
            << " ms (goal p95 < 16: " << (p95 < 16 ? "met" : "NOT met") << ")\n"
            << "  of which painting the slice picture: median " << renderMedian << " ms, p95 "
            << renderP95 << " ms; compositing the changed rows: median " << compositeMedian
            << " ms, p95 " << compositeP95
            << " ms; the event up to the repaint (edit, signals): median " << eventMedian
            << " ms, p95 " << eventP95 << " ms\n";
}

void surfaceRebuild() {
  const auto phantom = image::phantom::PhantomGenerator({128, 128, 64}).generate(3);
  image::LabelMap labels = phantom.labels;
  std::cout << "surface rebuild after an edit, 128x128x64 phantom labels:\n";
  vtkNew<vtkRenderer> renderer;
  vtkNew<vtkRenderWindow> window;
  window->SetOffScreenRendering(1);
  window->SetSize(600, 500);
  window->AddRenderer(renderer);
  render::SurfaceScene scene(renderer, window);
  for (const std::uint16_t organ : {std::uint16_t(5), std::uint16_t(1), std::uint16_t(6)}) {
    std::vector<double> times;
    for (int run = 0; run < 7; ++run) {
      labels.at(64 + run, 64, 32) = organ;  // an edit
      const auto start = Clock::now();
      auto mesh = render::extractOrganSurface(labels, organ);
      scene.setOrgan(organ, mesh, {200, 120, 100});
      if (run == 0) scene.resetView();
      window->Render();
      times.push_back(msSince(start));
    }
    const auto [median, p95] = medianAndP95(times);
    std::size_t voxels = 0;
    for (const auto label : labels.voxels()) voxels += label == organ;
    std::cout << std::fixed << std::setprecision(1) << "  organ " << organ << " (" << voxels
              << " voxels): median " << median << " ms, p95 " << p95
              << " ms (goal < 150: " << (median < 150 ? "met" : "NOT met") << ")\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  QApplication application(argc, argv);
  const std::string dataDir = argc > 1 ? argv[1] : VOXSIAM_DEFAULT_DATA;
  const fs::path scratch = fs::temp_directory_path() / "voxsiam-bench-studio";
  fs::remove_all(scratch);
  fs::create_directories(scratch);
  try {
    brushToRepaint(amosProject(dataDir, scratch));
    surfaceRebuild();
  } catch (const std::exception& error) {
    std::cerr << "bench_studio: " << error.what() << "\n";
    fs::remove_all(scratch);
    return 1;
  }
  fs::remove_all(scratch);
  return 0;
}
