#include "render/OffscreenVtkWidget.h"

#include <QPainter>
#include <chrono>
#include <cstring>

#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkUnsignedCharArray.h>

namespace voxsiam::render {

OffscreenVtkWidget::OffscreenVtkWidget(QWidget* parent)
    : QWidget(parent),
      window_(vtkSmartPointer<vtkRenderWindow>::New()),
      renderer_(vtkSmartPointer<vtkRenderer>::New()),
      pixels_(vtkSmartPointer<vtkUnsignedCharArray>::New()) {
  window_->SetOffScreenRendering(1);
  // Multisampling costs about 9 ms a frame with Mesa's llvmpipe; slices do not need it.
  window_->SetMultiSamples(0);
  window_->AddRenderer(renderer_);
  window_->SetSize(std::max(1, width()), std::max(1, height()));
  setAttribute(Qt::WA_OpaquePaintEvent);
  setMouseTracking(true);
  setFocusPolicy(Qt::StrongFocus);
  setMinimumSize(160, 160);
}

OffscreenVtkWidget::~OffscreenVtkWidget() {
  window_->Finalize();
}

vtkRenderer* OffscreenVtkWidget::renderer() const {
  return renderer_;
}

vtkRenderWindow* OffscreenVtkWidget::renderWindow() const {
  return window_;
}

void OffscreenVtkWidget::requestRender() {
  dirty_ = true;
  update();
}

void OffscreenVtkWidget::renderScene() {
  const auto start = std::chrono::steady_clock::now();
  const int w = std::max(1, width()), h = std::max(1, height());
  if (window_->GetSize()[0] != w || window_->GetSize()[1] != h) window_->SetSize(w, h);
  prepareRender();
  window_->Render();
  window_->GetRGBACharPixelData(0, 0, w - 1, h - 1, 0, pixels_);
  if (image_.size() != QSize(w, h))
    image_ = QImage(w, h, QImage::Format_RGBX8888);  // VTK's alpha is not opacity
  const auto* source = pixels_->GetPointer(0);
  for (int row = 0; row < h; ++row) {
    std::memcpy(image_.scanLine(row), source + std::size_t(h - 1 - row) * w * 4,
                std::size_t(w) * 4);
  }
  dirty_ = false;
  lastRenderMs_ =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  emit rendered();
}

QImage OffscreenVtkWidget::renderedImage() {
  if (dirty_ || image_.size() != size()) renderScene();
  return image_;
}

void OffscreenVtkWidget::paintEvent(QPaintEvent*) {
  if (dirty_ || image_.size() != size()) renderScene();
  QPainter painter(this);
  painter.drawImage(0, 0, image_);
  paintOverlay(painter);
}

void OffscreenVtkWidget::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  dirty_ = true;
}

void OffscreenVtkWidget::paintOverlay(QPainter&) {}

}  // namespace voxsiam::render
