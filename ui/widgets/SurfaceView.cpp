#include "ui/widgets/SurfaceView.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <cmath>

#include <vtkRenderWindow.h>

#include "ui/model/SurfaceController.h"

namespace voxsiam::ui {

SurfaceView::SurfaceView(QWidget* parent)
    : OffscreenVtkWidget(parent),
      scene_(std::make_unique<render::SurfaceScene>(renderer(), renderWindow())) {
  setObjectName("surfaceView");
  renderWindow()->SetMultiSamples(4);
}

SurfaceView::~SurfaceView() = default;

void SurfaceView::follow(const SurfaceController& controller) {
  connect(&controller, &SurfaceController::surfacesCleared, this, [this] {
    scene_->clear();
    requestRender();
  });
  connect(&controller, &SurfaceController::surfacesBuilt, this,
          [this](const std::vector<OrganSurface>& surfaces) {
            for (const OrganSurface& surface : surfaces) {
              scene_->setOrgan(surface.label, surface.mesh, surface.color);
              scene_->setOrganVisible(surface.label, surface.visible);
            }
            requestRender();
          });
  connect(&controller, &SurfaceController::organVisibilityChanged, this,
          [this](const std::vector<bool>& visible) {
            for (std::size_t label = 1; label < visible.size(); ++label) {
              scene_->setOrganVisible(std::uint16_t(label), visible[label]);
            }
            requestRender();
          });
  connect(&controller, &SurfaceController::viewResetRequested, this, [this] {
    scene_->resetView();
    requestRender();
  });
  connect(&controller, &SurfaceController::captionChanged, this, &SurfaceView::setCaption);
  setCaption(controller.caption());
}

void SurfaceView::setCaption(const QString& caption) {
  caption_ = caption;
  update();
}

void SurfaceView::prepareRender() {
  scene_->syncMarker();
}

void SurfaceView::paintOverlay(QPainter& painter) {
  painter.setPen(QColor(230, 230, 120));
  painter.drawText(QRect(6, 4, width() - 12, 18), Qt::AlignLeft, tr("3D  %1").arg(caption_));
  painter.setPen(QColor(170, 170, 170));
  painter.drawText(QRect(6, height() - 22, width() - 12, 18), Qt::AlignLeft,
                   tr("drag: turn · wheel: zoom · Home: reset · double click: enlarge"));
}

void SurfaceView::mousePressEvent(QMouseEvent* event) {
  dragButton_ = event->button();
  lastMouse_ = event->position();
}

void SurfaceView::mouseMoveEvent(QMouseEvent* event) {
  const QPointF delta = event->position() - lastMouse_;
  lastMouse_ = event->position();
  if (dragButton_ == Qt::LeftButton) {
    scene_->rotate(-delta.x() * 0.5, delta.y() * 0.5);
    requestRender();
  } else if (dragButton_ == Qt::RightButton) {
    scene_->zoom(std::pow(1.01, -delta.y()));
    requestRender();
  }
}

void SurfaceView::mouseReleaseEvent(QMouseEvent*) {
  dragButton_ = Qt::NoButton;
}

void SurfaceView::resetCamera() {
  scene_->resetView();
  requestRender();
}

void SurfaceView::keyPressEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Home) {
    resetCamera();
    return;
  }
  OffscreenVtkWidget::keyPressEvent(event);
}

void SurfaceView::wheelEvent(QWheelEvent* event) {
  scene_->zoom(std::pow(1.1, event->angleDelta().y() / 120.0));
  requestRender();
}

}  // namespace voxsiam::ui
