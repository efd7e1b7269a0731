#pragma once
#include <QPoint>

#include <functional>

#include <memory>
#include <optional>

#include <QImage>
#include <QWidget>

#include "render/SliceCamera.h"
#include "render/SliceCompositor.h"
#include "render/SliceFrame.h"
#include "ui/model/CaseSession.h"

namespace voxsiam::ui {

class EditController;

/// One slice view (axial, coronal or sagittal): the CT slice with the label overlay, crosshair,
/// orientation letters and the brush outline. Left button: the current tool (navigate, paint,
/// erase, fill, relabel); Shift+left: window/level; middle: pan; right: zoom; wheel: next slice
/// (Ctrl+wheel: zoom); Page Up/Down, arrow keys: slices.
class SliceView : public QWidget {
  Q_OBJECT

 public:
  SliceView(render::ViewOrientation orientation, CaseSession& session, EditController& editor,
            QWidget* parent = nullptr);
  ~SliceView() override;

  render::ViewOrientation orientation() const { return orientation_; }
  const render::SliceFrame& frame() const { return frame_; }
  /// Slice shown (along the frame's normal axis).
  std::size_t slice() const;
  /// Screen position (widget pixels) of the centre of `voxel` in this view.
  QPointF voxelToScreen(const std::array<std::size_t, 3>& voxel) const;
  /// The voxel under screen position `point` in the current slice, if inside the image.
  std::optional<std::array<std::size_t, 3>> voxelAt(const QPointF& point) const;
  /// Fits the slice into the view.
  void resetView();
  /// The slice picture as painted (without the crosshair and other overlays).
  QImage renderedImage();
  /// Milliseconds the last paint of the slice picture took.
  double lastPictureMs() const { return lastPictureMs_; }
  /// Milliseconds the last overlay update (compositing the changed rows) took.
  double lastCompositeMs() const { return lastCompositeMs_; }

 signals:
  /// The mouse is over `voxel` (for the status bar).
  void hovered(const std::array<std::size_t, 3>& voxel);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  /// Uncertainty from which the overlay tints a voxel.
  static constexpr double kUncertaintyShownFrom = 0.1;

  /// Paints the composited slice picture at the camera's pan and zoom.
  void drawPicture(QPainter& painter);
  /// Draws the outlines, crosshair, letters and tool marks over the picture.
  void paintOverlay(QPainter& painter);
  void rebuild();
  void clearCase();
  void recomposite(std::size_t firstRow = 0, std::size_t lastRow = SIZE_MAX);
  void onLabelsChanged(const LabelsChange& change);
  void stepSlice(int delta);
  void dragTool(const QPointF& point, bool first, bool shift);
  void drawOrientationLetters(QPainter& painter);
  void drawCrosshair(QPainter& painter);
  void drawHighlighted(QPainter& painter);
  void drawBrushOutline(QPainter& painter);
  void drawOutline(QPainter& painter);
  /// Draws the boundaries between the labels `labelAt(u, v)` gives each pixel of the slice.
  void drawEdges(QPainter& painter,
                 const std::function<std::uint16_t(std::size_t, std::size_t)>& labelAt);
  void drawSketch(QPainter& painter);
  void hoverTool(const std::array<std::size_t, 3>& voxel);

  render::ViewOrientation orientation_;
  CaseSession& session_;
  EditController& editor_;
  render::SliceFrame frame_;
  render::SliceCamera camera_;
  render::RgbaImage picture_;
  std::size_t shownSlice_ = SIZE_MAX;
  Qt::MouseButton dragButton_ = Qt::NoButton;
  bool windowing_ = false;
  QPointF lastMouse_;
  QPointF hoverPoint_{-1, -1};
  double lastCompositeMs_ = 0;
  double lastPictureMs_ = 0;
};

}  // namespace voxsiam::ui
