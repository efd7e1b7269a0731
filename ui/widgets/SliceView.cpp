#include "ui/widgets/SliceView.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <chrono>
#include <cmath>
#include <map>

#include "core/edit/effects/SlicePlane.h"
#include "ui/model/EditController.h"
#include "ui/model/SliceSketch.h"
#include "ui/widgets/tools/EditToolDescriptor.h"

namespace voxsiam::ui {
namespace {

/// Letters at the left, right, top and bottom edges of a view.
std::array<const char*, 4> edgeLetters(render::ViewOrientation orientation) {
  switch (orientation) {
    case render::ViewOrientation::Axial:
      return {"R", "L", "A", "P"};
    case render::ViewOrientation::Coronal:
      return {"R", "L", "S", "I"};
    case render::ViewOrientation::Sagittal:
      return {"A", "P", "S", "I"};
  }
  return {"", "", "", ""};
}

const char* viewName(render::ViewOrientation orientation) {
  switch (orientation) {
    case render::ViewOrientation::Axial:
      return "Axial";
    case render::ViewOrientation::Coronal:
      return "Coronal";
    case render::ViewOrientation::Sagittal:
      return "Sagittal";
  }
  return "";
}

}  // namespace

SliceView::SliceView(render::ViewOrientation orientation, CaseSession& session,
                     EditController& editor, QWidget* parent)
    : QWidget(parent), orientation_(orientation), session_(session), editor_(editor) {
  setAttribute(Qt::WA_OpaquePaintEvent);
  setMouseTracking(true);
  setFocusPolicy(Qt::StrongFocus);
  setMinimumSize(160, 160);
  setObjectName(QString(viewName(orientation)).toLower() + "View");
  connect(&session_, &CaseSession::caseLoaded, this, &SliceView::rebuild);
  connect(&session_, &CaseSession::caseClosed, this, &SliceView::clearCase);
  connect(&session_, &CaseSession::cursorChanged, this, [this] {
    if (slice() != shownSlice_) recomposite();
    update();
  });
  connect(&session_, &CaseSession::appearanceChanged, this, [this] { recomposite(); });
  connect(&session_, &CaseSession::labelsChanged, this, &SliceView::onLabelsChanged);
  connect(&editor_, &EditController::settingsChanged, this, qOverload<>(&QWidget::update));
  connect(&session_, &CaseSession::highlightChanged, this, qOverload<>(&QWidget::update));
  connect(&session_, &CaseSession::outlineChanged, this, qOverload<>(&QWidget::update));
  connect(&session_, &CaseSession::uncertaintyChanged, this, [this] { recomposite(); });
  connect(&editor_.sketch(), &SliceSketch::changed, this, qOverload<>(&QWidget::update));
}

SliceView::~SliceView() = default;

std::size_t SliceView::slice() const {
  return session_.cursor()[frame_.normalAxis];
}

void SliceView::rebuild() {
  frame_ = render::SliceFrame::of(orientation_, session_.caseData().image.geometry());
  picture_ = render::RgbaImage();
  recomposite();
  camera_.fit(width(), height());
  update();
}

void SliceView::clearCase() {
  picture_ = render::RgbaImage();
  shownSlice_ = SIZE_MAX;
  update();
}

void SliceView::resetView() {
  camera_.fit(width(), height());
  update();
}

void SliceView::recomposite(std::size_t firstRow, std::size_t lastRow) {
  if (!session_.hasCase()) return;
  const auto start = std::chrono::steady_clock::now();
  const bool whole = slice() != shownSlice_ || picture_.width == 0;
  if (whole) firstRow = 0, lastRow = SIZE_MAX;
  render::compositeSlice(session_.caseData().image, &session_.labels(), frame_, slice(),
                         session_.appearance(), picture_, firstRow, lastRow);
  if (const image::Volume* uncertainty = session_.uncertainty())
    render::tintUncertainty(*uncertainty, frame_, slice(), kUncertaintyShownFrom, picture_,
                            firstRow, lastRow);
  if (whole &&
      camera_.setPicture(picture_.width, picture_.height, frame_.spacingU, frame_.spacingV))
    camera_.fit(width(), height());
  shownSlice_ = slice();
  lastCompositeMs_ =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  update();
}

void SliceView::onLabelsChanged(const LabelsChange& change) {
  if (!session_.hasCase()) return;
  const std::size_t s = slice();
  if (!change.everything &&
      (s < change.bounds[frame_.normalAxis] || s > change.bounds[3 + frame_.normalAxis]))
    return;
  const std::size_t low = change.bounds[frame_.vAxis], high = change.bounds[3 + frame_.vAxis];
  const std::size_t first = frame_.flipV ? frame_.height - 1 - high : low;
  const std::size_t last = frame_.flipV ? frame_.height - 1 - low : high;
  recomposite(first, last);
}

QPointF SliceView::voxelToScreen(const std::array<std::size_t, 3>& voxel) const {
  const auto pixel = frame_.pixel(voxel);
  const auto screen = camera_.pixelToScreen(double(pixel[0]), double(pixel[1]), width(), height());
  return {screen[0], screen[1]};
}

std::optional<std::array<std::size_t, 3>> SliceView::voxelAt(const QPointF& point) const {
  if (!session_.hasCase()) return std::nullopt;
  const auto pixel = camera_.screenToPixel(point.x(), point.y(), width(), height());
  const double u = std::round(pixel[0]), v = std::round(pixel[1]);
  if (u < 0 || v < 0 || u >= double(frame_.width) || v >= double(frame_.height))
    return std::nullopt;
  return frame_.voxel(std::size_t(u), std::size_t(v), slice());
}

void SliceView::dragTool(const QPointF& point, bool first, bool shift) {
  const auto voxel = voxelAt(point);
  if (!voxel) return;
  const EditToolDescriptor* tool = findEditTool(editor_.tool());
  if (!tool || !tool->pointer) return;
  ToolContext context{session_, editor_, frame_.normalAxis, shift};
  tool->pointer(context, *voxel, first);
}

void SliceView::hoverTool(const std::array<std::size_t, 3>& voxel) {
  const EditToolDescriptor* tool = findEditTool(editor_.tool());
  if (!tool || !tool->hover) return;
  ToolContext context{session_, editor_, frame_.normalAxis};
  tool->hover(context, voxel);
}

void SliceView::mousePressEvent(QMouseEvent* event) {
  dragButton_ = event->button();
  lastMouse_ = event->position();
  const bool shift = event->modifiers() & Qt::ShiftModifier;
  const EditToolDescriptor* tool = findEditTool(editor_.tool());
  windowing_ = dragButton_ == Qt::LeftButton && shift && !(tool && tool->takesShiftClick);
  if (dragButton_ == Qt::LeftButton && !windowing_) dragTool(event->position(), true, shift);
}

void SliceView::mouseMoveEvent(QMouseEvent* event) {
  const QPointF point = event->position();
  const QPointF delta = point - lastMouse_;
  lastMouse_ = point;
  hoverPoint_ = point;
  if (const auto voxel = voxelAt(point)) {
    emit hovered(*voxel);
    if (dragButton_ == Qt::NoButton) hoverTool(*voxel);
  }
  if (dragButton_ == Qt::LeftButton && windowing_) {
    const auto& look = session_.appearance();
    session_.setWindowLevel(look.window + delta.x() * 2, look.level - delta.y() * 2);
  } else if (dragButton_ == Qt::LeftButton) {
    dragTool(point, false, event->modifiers() & Qt::ShiftModifier);
  } else if (dragButton_ == Qt::MiddleButton) {
    camera_.pan(delta.x(), delta.y(), height());
    update();
  } else if (dragButton_ == Qt::RightButton) {
    camera_.zoom(std::pow(1.01, -delta.y()));
    update();
  }
  update();
}

void SliceView::mouseReleaseEvent(QMouseEvent* event) {
  const EditToolDescriptor* tool = findEditTool(editor_.tool());
  if (event->button() == Qt::LeftButton && !windowing_ && tool && tool->release) {
    ToolContext context{session_, editor_, frame_.normalAxis};
    tool->release(context);
  }
  dragButton_ = Qt::NoButton;
  windowing_ = false;
}

void SliceView::wheelEvent(QWheelEvent* event) {
  const int steps = event->angleDelta().y() / 120;
  if (event->modifiers() & Qt::ControlModifier) {
    camera_.zoom(std::pow(1.15, steps));
    update();
  } else {
    stepSlice(steps);
  }
}

void SliceView::keyPressEvent(QKeyEvent* event) {
  switch (event->key()) {
    case Qt::Key_Up:
    case Qt::Key_PageUp:
      stepSlice(event->key() == Qt::Key_PageUp ? 5 : 1);
      break;
    case Qt::Key_Down:
    case Qt::Key_PageDown:
      stepSlice(event->key() == Qt::Key_PageDown ? -5 : -1);
      break;
    default:
      QWidget::keyPressEvent(event);
  }
}

void SliceView::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  camera_.fit(width(), height());
}

void SliceView::stepSlice(int delta) {
  if (!session_.hasCase() || delta == 0) return;
  auto cursor = session_.cursor();
  const long next =
      std::clamp(long(cursor[frame_.normalAxis]) + delta, 0L, long(frame_.sliceCount) - 1);
  cursor[frame_.normalAxis] = std::size_t(next);
  session_.setCursor(cursor);
  if (!rect().contains(hoverPoint_.toPoint())) return;
  if (const auto voxel = voxelAt(hoverPoint_)) emit hovered(*voxel);
}

void SliceView::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  drawPicture(painter);
  paintOverlay(painter);
}

void SliceView::drawPicture(QPainter& painter) {
  const auto start = std::chrono::steady_clock::now();
  painter.fillRect(rect(), Qt::black);
  if (session_.hasCase() && picture_.width > 0 && shownSlice_ != SIZE_MAX) {
    const QImage picture(picture_.pixels.data(), int(picture_.width), int(picture_.height),
                         int(picture_.width * 4), QImage::Format_RGBX8888);
    const auto topLeft = camera_.pixelToScreen(-0.5, -0.5, width(), height());
    const auto bottomRight = camera_.pixelToScreen(
        double(picture_.width) - 0.5, double(picture_.height) - 0.5, width(), height());
    painter.save();
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter.drawImage(
        QRectF(QPointF(topLeft[0], topLeft[1]), QPointF(bottomRight[0], bottomRight[1])), picture);
    painter.restore();
  }
  lastPictureMs_ =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

QImage SliceView::renderedImage() {
  QImage image(size(), QImage::Format_RGB32);
  QPainter painter(&image);
  drawPicture(painter);
  return image;
}

void SliceView::paintOverlay(QPainter& painter) {
  if (!session_.hasCase()) {
    painter.setPen(QColor(160, 160, 160));
    painter.drawText(rect(), Qt::AlignCenter, tr("No case open"));
    return;
  }
  painter.setRenderHint(QPainter::Antialiasing);
  drawOutline(painter);
  drawSketch(painter);
  drawCrosshair(painter);
  drawHighlighted(painter);
  drawOrientationLetters(painter);
  drawBrushOutline(painter);
  painter.setPen(QColor(230, 230, 120));
  painter.drawText(
      QRect(6, height() - 22, width() - 12, 18), Qt::AlignLeft,
      tr("%1  %2/%3").arg(viewName(orientation_)).arg(slice() + 1).arg(frame_.sliceCount));
  const auto& look = session_.appearance();
  painter.drawText(QRect(6, height() - 22, width() - 12, 18), Qt::AlignRight,
                   tr("W %1 L %2").arg(look.window, 0, 'f', 0).arg(look.level, 0, 'f', 0));
}

void SliceView::drawOutline(QPainter& painter) {
  const image::LabelMap* outline = session_.outline();
  if (!outline) return;
  drawEdges(painter, [&](std::size_t u, std::size_t v) {
    const auto voxel = frame_.voxel(u, v, slice());
    return (*outline)[outline->geometry().linearIndex(voxel[0], voxel[1], voxel[2])];
  });
}

void SliceView::drawEdges(QPainter& painter,
                          const std::function<std::uint16_t(std::size_t, std::size_t)>& labelAt) {
  const auto origin = camera_.pixelToScreen(-0.5, -0.5, width(), height());
  const auto alongU = camera_.pixelToScreen(0.5, -0.5, width(), height());
  const auto alongV = camera_.pixelToScreen(-0.5, 0.5, width(), height());
  const QPointF o(origin[0], origin[1]);
  const QPointF du(alongU[0] - origin[0], alongU[1] - origin[1]);
  const QPointF dv(alongV[0] - origin[0], alongV[1] - origin[1]);
  const auto corner = [&](std::size_t u, std::size_t v) {
    return o + du * double(u) + dv * double(v);
  };
  std::map<std::uint16_t, QVector<QLineF>> edges;
  for (std::size_t v = 0; v < frame_.height; ++v)
    for (std::size_t u = 0; u < frame_.width; ++u) {
      const std::uint16_t here = labelAt(u, v);
      const std::uint16_t right = u + 1 < frame_.width ? labelAt(u + 1, v) : 0;
      const std::uint16_t below = v + 1 < frame_.height ? labelAt(u, v + 1) : 0;
      if (here != right)
        edges[here ? here : right].append({corner(u + 1, v), corner(u + 1, v + 1)});
      if (here != below)
        edges[here ? here : below].append({corner(u, v + 1), corner(u + 1, v + 1)});
      if (u == 0 && here) edges[here].append({corner(0, v), corner(0, v + 1)});
      if (v == 0 && here) edges[here].append({corner(u, 0), corner(u + 1, 0)});
    }
  const auto& colors = session_.appearance().colors;
  painter.save();
  painter.setRenderHint(QPainter::Antialiasing, false);
  for (const auto& [label, lines] : edges) {
    const auto rgb =
        label < colors.size() ? colors[label] : std::array<std::uint8_t, 3>{255, 255, 255};
    painter.setPen(QPen(QColor(0, 0, 0), 4));
    painter.drawLines(lines);
    painter.setPen(QPen(QColor(rgb[0], rgb[1], rgb[2]), 2));
    painter.drawLines(lines);
  }
  painter.restore();
}

void SliceView::drawSketch(QPainter& painter) {
  const SliceSketch& sketch = editor_.sketch();
  if (sketch.axis() != frame_.normalAxis || sketch.slice() != slice()) return;
  if (const edit::SliceRegion* region = sketch.region()) {
    const std::array<int, 2> axes = edit::SlicePlane::inPlaneAxes(frame_.normalAxis);
    const int a = axes[0], b = axes[1];
    const std::uint16_t label = editor_.brush().label;
    drawEdges(painter, [&](std::size_t u, std::size_t v) {
      const auto voxel = frame_.voxel(u, v, slice());
      return region->inside[voxel[a] + voxel[b] * region->width] ? label : std::uint16_t(0);
    });
  }
  if (sketch.points().size() < 2) return;
  QPolygonF line;
  for (const auto& voxel : sketch.points()) line << voxelToScreen(voxel);
  painter.setBrush(Qt::NoBrush);
  painter.setPen(QPen(QColor(0, 0, 0), 3.5));
  painter.drawPolyline(line);
  painter.setPen(QPen(QColor(255, 230, 60), 1.5));
  painter.drawPolyline(line);
  painter.setPen(QPen(QColor(255, 230, 60), 1, Qt::DashLine));
  painter.drawLine(line.back(), line.front());
}

void SliceView::drawCrosshair(QPainter& painter) {
  const QPointF centre = voxelToScreen(session_.cursor());
  painter.setPen(QPen(QColor(60, 200, 255, 170), 1, Qt::DashLine));
  painter.drawLine(QPointF(0, centre.y()), QPointF(width(), centre.y()));
  painter.drawLine(QPointF(centre.x(), 0), QPointF(centre.x(), height()));
}

void SliceView::drawHighlighted(QPainter& painter) {
  painter.setPen(QPen(QColor(255, 255, 0), 1.5));
  painter.setBrush(Qt::NoBrush);
  for (const auto& voxel : session_.highlighted()) {
    if (voxel[frame_.normalAxis] != slice()) continue;
    painter.drawEllipse(voxelToScreen(voxel), 4, 4);
  }
}

void SliceView::drawOrientationLetters(QPainter& painter) {
  const auto letters = edgeLetters(orientation_);
  QFont font = painter.font();
  font.setBold(true);
  painter.setFont(font);
  painter.setPen(QColor(255, 210, 90));
  const QRect area = rect().adjusted(6, 4, -6, -4);
  painter.drawText(area, Qt::AlignLeft | Qt::AlignVCenter, letters[0]);
  painter.drawText(area, Qt::AlignRight | Qt::AlignVCenter, letters[1]);
  painter.drawText(area, Qt::AlignTop | Qt::AlignHCenter, letters[2]);
  painter.drawText(area, Qt::AlignBottom | Qt::AlignHCenter, letters[3]);
}

void SliceView::drawBrushOutline(QPainter& painter) {
  const EditToolDescriptor* tool = findEditTool(editor_.tool());
  if (!tool || !tool->outlinesBrush || !rect().contains(hoverPoint_.toPoint())) return;
  const auto here = camera_.screenToPixel(hoverPoint_.x(), hoverPoint_.y(), width(), height());
  const auto right = camera_.pixelToScreen(here[0] + editor_.brush().radiusMm / frame_.spacingU,
                                           here[1], width(), height());
  const double radius = std::fabs(right[0] - hoverPoint_.x());
  painter.setPen(QPen(tool->erases ? QColor(255, 80, 80) : QColor(255, 255, 255), 1));
  painter.setBrush(Qt::NoBrush);
  painter.drawEllipse(hoverPoint_, radius, radius);
}

}  // namespace voxsiam::ui
