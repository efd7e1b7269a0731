#pragma once
#include <memory>

#include "render/OffscreenVtkWidget.h"
#include "render/SurfaceScene.h"

namespace voxsiam::ui {

class SurfaceController;

/// The 3-D view of the organ surfaces. Left drag turns, wheel or right drag zooms; the camera
/// returns to the front view with resetCamera() (View > Reset 3-D view, Home key).
class SurfaceView : public render::OffscreenVtkWidget {
  Q_OBJECT

 public:
  explicit SurfaceView(QWidget* parent = nullptr);
  ~SurfaceView() override;

  render::SurfaceScene& scene() { return *scene_; }
  /// Shows the surfaces `controller` builds, its caption and its visibility changes.
  void follow(const SurfaceController& controller);
  /// Back to the front view of all surfaces.
  void resetCamera();
  /// Overlay text shown top left (e.g. "Building surfaces 3/8").
  void setCaption(const QString& caption);

 protected:
  void prepareRender() override;
  void paintOverlay(QPainter& painter) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;

 private:
  std::unique_ptr<render::SurfaceScene> scene_;
  Qt::MouseButton dragButton_ = Qt::NoButton;
  QPointF lastMouse_;
  QString caption_;
};

}  // namespace voxsiam::ui
