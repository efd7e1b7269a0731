#include "ui/widgets/ScatterPlotWidget.h"

#include <QFile>
#include <QMouseEvent>
#include <QPainter>
#include <QTextStream>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <map>

namespace voxsiam::ui {
namespace {

constexpr double kMargin = 14;
constexpr double kTitleHeight = 34;

const std::array<QColor, 10> kPalette = {
    QColor(31, 119, 180),  QColor(255, 127, 14), QColor(44, 160, 44),   QColor(214, 39, 40),
    QColor(148, 103, 189), QColor(140, 86, 75),  QColor(227, 119, 194), QColor(127, 127, 127),
    QColor(188, 189, 34),  QColor(23, 190, 207)};

}  // namespace

ScatterPlotWidget::ScatterPlotWidget(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
  setMinimumSize(260, 260);
}

void ScatterPlotWidget::setData(PlotData data) {
  data_ = std::move(data);
  selected_.clear();
  low_[0] = low_[1] = 1e300;
  high_[0] = high_[1] = -1e300;
  for (const auto& point : data_.points) {
    low_[0] = std::min(low_[0], point.x), high_[0] = std::max(high_[0], point.x);
    low_[1] = std::min(low_[1], point.y), high_[1] = std::max(high_[1], point.y);
  }
  update();
}

void ScatterPlotWidget::setColoring(PointColoring coloring,
                                    const std::array<std::uint8_t, 3>& modelColor) {
  coloring_ = coloring;
  modelColor_ = modelColor;
  update();
}

void ScatterPlotWidget::setOrganColors(std::vector<std::array<std::uint8_t, 3>> colors,
                                       std::vector<QString> names) {
  organColors_ = std::move(colors);
  organNames_ = std::move(names);
  update();
}

QPointF ScatterPlotWidget::screenOf(std::size_t index) const {
  const auto& point = data_.points[index];
  const double w = width() - 2 * kMargin, h = height() - 2 * kMargin - kTitleHeight;
  const double scale =
      std::min(w / std::max(high_[0] - low_[0], 1e-9), h / std::max(high_[1] - low_[1], 1e-9));
  const double offsetX = kMargin + (w - (high_[0] - low_[0]) * scale) / 2;
  const double offsetY = kMargin + kTitleHeight + (h - (high_[1] - low_[1]) * scale) / 2;
  return {offsetX + (point.x - low_[0]) * scale, offsetY + (high_[1] - point.y) * scale};
}

int ScatterPlotWidget::pointAt(const QPointF& position, double radius) const {
  int best = -1;
  double bestDistance = radius * radius;
  for (std::size_t index = 0; index < data_.points.size(); ++index) {
    const QPointF delta = screenOf(index) - position;
    const double d2 = delta.x() * delta.x() + delta.y() * delta.y();
    if (d2 <= bestDistance) bestDistance = d2, best = int(index);
  }
  return best;
}

void ScatterPlotWidget::setSelected(std::vector<std::size_t> indices) {
  selected_ = std::move(indices);
  update();
}

QColor ScatterPlotWidget::colorOf(const PlotPoint& point) const {
  switch (coloring_) {
    case PointColoring::Organ:
      if (point.organ >= 0 && std::size_t(point.organ) < organColors_.size()) {
        const auto& c = organColors_[std::size_t(point.organ)];
        return QColor(c[0], c[1], c[2]);
      }
      return Qt::gray;
    case PointColoring::Case:
      return kPalette[std::size_t(point.caseId) % kPalette.size()];
    case PointColoring::Correctness:
      return point.predicted == point.organ ? QColor(60, 170, 80) : QColor(220, 50, 50);
    case PointColoring::Model:
      return QColor(modelColor_[0], modelColor_[1], modelColor_[2]);
  }
  return Qt::gray;
}

QString ScatterPlotWidget::titleText() const {
  if (data_.points.empty()) return tr("no embedding yet");
  return tr("%1\n%2 voxels · 10-NN organ accuracy %3 · silhouette %4")
      .arg(data_.title)
      .arg(data_.points.size())
      .arg(data_.knnAccuracy, 0, 'f', 3)
      .arg(data_.silhouette, 0, 'f', 3);
}

double ScatterPlotWidget::pointRadius() const {
  const double n = double(std::max<std::size_t>(1, data_.points.size()));
  return std::clamp(45.0 / std::sqrt(n), 1.2, 4.0);
}

std::vector<std::pair<QColor, QString>> ScatterPlotWidget::legendEntries() const {
  std::vector<std::pair<QColor, QString>> entries;
  if (data_.points.empty()) return entries;
  if (coloring_ == PointColoring::Correctness)
    return {{QColor(60, 170, 80), tr("right")}, {QColor(220, 50, 50), tr("wrong")}};
  if (coloring_ == PointColoring::Model) return {{colorOf(data_.points.front()), data_.title}};
  std::map<long long, QString> present;
  for (const auto& point : data_.points) {
    if (coloring_ == PointColoring::Organ) {
      const bool named = point.organ >= 0 && std::size_t(point.organ) < organNames_.size();
      present[point.organ] =
          named ? organNames_[std::size_t(point.organ)] : QString::number(point.organ);
    } else {
      present[point.caseId] = point.caseName;
    }
  }
  for (const auto& [key, text] : present) {
    PlotPoint sample;
    sample.organ = int(key);
    sample.caseId = key;
    entries.emplace_back(colorOf(sample), text);
  }
  return entries;
}

QStringList ScatterPlotWidget::legendTexts() const {
  QStringList texts;
  for (const auto& [color, text] : legendEntries()) texts << text;
  return texts;
}

void ScatterPlotWidget::drawLegend(QPainter& painter) const {
  const auto entries = legendEntries();
  if (entries.empty()) return;
  const QFontMetrics metrics(painter.font());
  int widest = 0;
  for (const auto& entry : entries)
    widest = std::max(widest, metrics.horizontalAdvance(entry.second));
  const int line = metrics.height();
  const QRectF box(width() - kMargin - widest - 22, kTitleHeight + 4, widest + 20,
                   line * double(entries.size()) + 6);
  painter.setPen(QColor(200, 200, 200));
  painter.setBrush(QColor(255, 255, 255, 220));
  painter.drawRect(box);
  for (std::size_t index = 0; index < entries.size(); ++index) {
    const double y = box.top() + 3 + line * double(index);
    painter.setPen(Qt::NoPen);
    painter.setBrush(entries[index].first);
    painter.drawEllipse(QPointF(box.left() + 8, y + line / 2.0), 4, 4);
    painter.setPen(QColor(40, 40, 40));
    painter.drawText(QRectF(box.left() + 16, y, widest + 4, line), Qt::AlignVCenter,
                     entries[index].second);
  }
}

void ScatterPlotWidget::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), Qt::white);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.setPen(QColor(40, 40, 40));
  painter.drawText(QRectF(kMargin, 2, width() - 2 * kMargin, kTitleHeight),
                   Qt::AlignLeft | Qt::AlignTop, titleText());
  painter.setPen(Qt::NoPen);
  const double radius = pointRadius();
  for (std::size_t index = 0; index < data_.points.size(); ++index) {
    painter.setBrush(colorOf(data_.points[index]));
    painter.drawEllipse(screenOf(index), radius, radius);
  }
  painter.setBrush(Qt::NoBrush);
  painter.setPen(QPen(Qt::black, 1.4));
  for (const std::size_t index : selected_) painter.drawEllipse(screenOf(index), 4.5, 4.5);
  if (!lasso_.isEmpty()) {
    painter.setPen(QPen(QColor(0, 0, 0, 160), 1, Qt::DashLine));
    painter.drawPolygon(lasso_);
  }
  drawLegend(painter);
  if (!selected_.empty()) {
    painter.setPen(QColor(40, 40, 40));
    painter.drawText(
        QRectF(kMargin, height() - 20, width() - 2 * kMargin, 18), Qt::AlignLeft | Qt::AlignVCenter,
        tr("%n voxel(s) chosen: marked in the slice views", "", int(selected_.size())));
  }
}

void ScatterPlotWidget::mousePressEvent(QMouseEvent* event) {
  if (event->button() == Qt::RightButton) {
    lasso_ = QPolygonF({event->position()});
  } else if (event->button() == Qt::LeftButton) {
    const int index = pointAt(event->position());
    if (index >= 0) emit pointClicked(index);
  }
}

void ScatterPlotWidget::mouseMoveEvent(QMouseEvent* event) {
  if (event->buttons() & Qt::RightButton) {
    lasso_ << event->position();
    update();
    return;
  }
  const int index = pointAt(event->position());
  if (index < 0) {
    QToolTip::hideText();
    return;
  }
  const auto& point = data_.points[std::size_t(index)];
  const QString organ = point.organ >= 0 && std::size_t(point.organ) < organNames_.size()
                            ? organNames_[std::size_t(point.organ)]
                            : QString::number(point.organ);
  QToolTip::showText(event->globalPosition().toPoint(),
                     tr("%1 · %2 · voxel (%3, %4, %5)%6")
                         .arg(point.caseName, organ)
                         .arg(point.voxel[0])
                         .arg(point.voxel[1])
                         .arg(point.voxel[2])
                         .arg(point.predicted == point.organ ? "" : tr(" · predicted wrongly")),
                     this);
}

void ScatterPlotWidget::mouseReleaseEvent(QMouseEvent* event) {
  if (event->button() != Qt::RightButton || lasso_.size() < 3) {
    lasso_.clear();
    return;
  }
  std::vector<std::size_t> inside;
  for (std::size_t index = 0; index < data_.points.size(); ++index)
    if (lasso_.containsPoint(screenOf(index), Qt::OddEvenFill)) inside.push_back(index);
  lasso_.clear();
  setSelected(inside);
  emit lassoSelected(inside);
}

bool ScatterPlotWidget::exportSvg(const QString& path) const {
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) return false;
  QTextStream svg(&file);
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width() << "\" height=\""
      << height() << "\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n<text x=\""
      << kMargin << "\" y=\"16\" font-family=\"sans-serif\" font-size=\"12\">"
      << data_.title.toHtmlEscaped() << "</text>\n";
  for (std::size_t index = 0; index < data_.points.size(); ++index) {
    const QPointF at = screenOf(index);
    svg << "<circle cx=\"" << at.x() << "\" cy=\"" << at.y() << "\" r=\"" << pointRadius()
        << "\" fill=\"" << colorOf(data_.points[index]).name() << "\"/>\n";
  }
  svg << "</svg>\n";
  return file.error() == QFile::NoError;
}

}  // namespace voxsiam::ui
