#pragma once
#include <QPolygonF>
#include <QWidget>

#include <array>
#include <functional>
#include <vector>

#include "ui/model/EmbeddingController.h"

namespace voxsiam::ui {

/// How points are coloured.
enum class PointColoring { Organ, Case, Correctness, Model };

/// A t-SNE scatter plot: points coloured by organ, case, right/wrong prediction or model; the
/// title shows the model, layer, 10-NN organ accuracy and silhouette. Hovering shows the point's
/// case and organ; clicking a point emits pointClicked; dragging with the right button draws a
/// lasso whose points are emitted by lassoSelected.
class ScatterPlotWidget : public QWidget {
  Q_OBJECT

 public:
  explicit ScatterPlotWidget(QWidget* parent = nullptr);

  void setData(PlotData data);
  const PlotData& data() const { return data_; }
  void setColoring(PointColoring coloring, const std::array<std::uint8_t, 3>& modelColor);
  /// Colour of organ ids (index = id).
  void setOrganColors(std::vector<std::array<std::uint8_t, 3>> colors, std::vector<QString> names);
  /// Widget position of point `index`.
  QPointF screenOf(std::size_t index) const;
  /// Index of the point within `radius` pixels of `position`, or -1.
  int pointAt(const QPointF& position, double radius = 6) const;
  void setSelected(std::vector<std::size_t> indices);
  /// Points chosen by the last lasso (or click selection).
  std::size_t selectedCount() const { return selected_.size(); }
  /// The legend's lines as shown ("liver", "right", ...).
  QStringList legendTexts() const;
  /// Writes the plot as SVG. Returns false when the file cannot be written.
  bool exportSvg(const QString& path) const;

 signals:
  void pointClicked(int index);
  void lassoSelected(const std::vector<std::size_t>& indices);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;

 private:
  QColor colorOf(const PlotPoint& point) const;
  QString titleText() const;
  /// Point radius in pixels: smaller the more points there are.
  double pointRadius() const;
  /// The colour key of the current colouring: (colour, text) per entry present in the plot.
  std::vector<std::pair<QColor, QString>> legendEntries() const;
  void drawLegend(QPainter& painter) const;

  PlotData data_;
  PointColoring coloring_ = PointColoring::Organ;
  std::array<std::uint8_t, 3> modelColor_{31, 119, 180};
  std::vector<std::array<std::uint8_t, 3>> organColors_;
  std::vector<QString> organNames_;
  std::vector<std::size_t> selected_;
  QPolygonF lasso_;
  double low_[2] = {0, 0}, high_[2] = {1, 1};
};

}  // namespace voxsiam::ui
