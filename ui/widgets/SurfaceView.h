#pragma once
#include <memory>

#include "render/OffscreenVtkWidget.h"
#include "render/SurfaceScene.h"

namespace voxsiam::ui {

/// The 3-D view of the organ surfaces. Left drag turns, wheel or right drag zooms, double click
/// returns to the front view.
class SurfaceView : public render::OffscreenVtkWidget {
  Q_OBJECT

 public:
  explicit SurfaceView(QWidget* parent = nullptr);
  ~SurfaceView() override;

  render::SurfaceScene& scene() { return *scene_; }
  /// Overlay text shown top left (e.g. "Building surfaces 3/8").
  void setCaption(const QString& caption);

 protected:
  void prepareRender() override;
  void paintOverlay(QPainter& painter) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;

 private:
  std::unique_ptr<render::SurfaceScene> scene_;
  Qt::MouseButton dragButton_ = Qt::NoButton;
  QPointF lastMouse_;
  QString caption_;
};

}  // namespace voxsiam::ui
