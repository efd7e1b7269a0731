#pragma once
#include <QImage>
#include <QWidget>

#include <vtkSmartPointer.h>

class vtkRenderWindow;
class vtkRenderer;
class vtkUnsignedCharArray;

namespace voxsiam::render {

/// The project's Qt 6 <-> VTK bridge: a plain QWidget that owns an off-screen vtkRenderWindow
/// (its own OpenGL context), renders it when something changed, reads the pixels back and paints
/// them, then lets subclasses draw 2-D overlays with QPainter. Subclasses get the mouse and keys
/// as ordinary Qt events. Debian's VTK Qt module is built for Qt 5, hence this widget.
class OffscreenVtkWidget : public QWidget {
  Q_OBJECT

 public:
  explicit OffscreenVtkWidget(QWidget* parent = nullptr);
  ~OffscreenVtkWidget() override;

  /// The scene's main renderer.
  vtkRenderer* renderer() const;
  vtkRenderWindow* renderWindow() const;
  /// Marks the scene changed and schedules a repaint.
  void requestRender();
  /// Renders now if needed and returns the last rendered picture (without overlays).
  QImage renderedImage();
  /// Milliseconds the last render and read-back took.
  double lastRenderMs() const { return lastRenderMs_; }

 signals:
  /// Emitted after each render that produced a new picture.
  void rendered();

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  /// Draws on top of the rendered scene, in widget coordinates.
  virtual void paintOverlay(QPainter& painter);
  /// Called before each render, to bring the VTK scene up to date.
  virtual void prepareRender() {}

 private:
  void renderScene();

  vtkSmartPointer<vtkRenderWindow> window_;
  vtkSmartPointer<vtkRenderer> renderer_;
  vtkSmartPointer<vtkUnsignedCharArray> pixels_;  ///< read-back buffer, reused every frame
  QImage image_;
  bool dirty_ = true;
  double lastRenderMs_ = 0;
};

}  // namespace voxsiam::render
