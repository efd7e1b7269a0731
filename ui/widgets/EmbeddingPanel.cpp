#include "ui/widgets/EmbeddingPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "ui/model/CaseSession.h"
#include "ui/model/EmbeddingController.h"
#include "ui/model/ModelRegistry.h"
#include "ui/widgets/ScatterPlotWidget.h"

namespace voxsiam::ui {

EmbeddingPanel::EmbeddingPanel(CaseSession& session, EmbeddingController& embeddings,
                               QWidget* parent)
    : QWidget(parent), session_(session), embeddings_(embeddings) {
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(buildControls());
  auto* plots = new QHBoxLayout;
  for (std::size_t index = 0; index < 2; ++index) {
    plots_[index] = new ScatterPlotWidget;
    plots_[index]->setObjectName(QString("scatterPlot%1").arg(index));
    plots->addWidget(plots_[index]);
    connect(plots_[index], &ScatterPlotWidget::pointClicked, this, [this, index](int point) {
      embeddings_.showPoint(plots_[index]->data().points[std::size_t(point)]);
    });
    connect(plots_[index], &ScatterPlotWidget::lassoSelected, this,
            [this, index](const std::vector<std::size_t>& chosen) {
              std::vector<PlotPoint> points;
              for (const std::size_t i : chosen) points.push_back(plots_[index]->data().points[i]);
              plots_[1 - index]->setSelected(chosen);
              embeddings_.highlight(points);
              emit message(tr("%1 voxels chosen; those of the shown case are marked in the views")
                               .arg(chosen.size()));
            });
  }
  layout->addLayout(plots, 1);
  connect(&embeddings_, &EmbeddingController::progress, status_, &QLabel::setText);
  connect(&embeddings_, &EmbeddingController::failed, this, [this](const QString& error) {
    status_->setText(tr("failed: %1").arg(error));
    computeButton_->setEnabled(true);
  });
  connect(&embeddings_, &EmbeddingController::computed, this, &EmbeddingPanel::showSets);
  connect(&session_, &CaseSession::projectOpened, this, [this] {
    for (auto* plot : plots_) plot->setData(PlotData{});
    session_.setHighlighted({});
    status_->setText(tr("no embedding computed for this project yet"));
    refreshModels();
  });
}

QWidget* EmbeddingPanel::buildControls() {
  auto* controls = new QWidget;
  auto* row = new QHBoxLayout(controls);
  row->setContentsMargins(0, 0, 0, 0);
  modelA_ = new QComboBox;
  modelB_ = new QComboBox;
  layer_ = new QComboBox;
  layer_->addItem(tr("coarsest encoder level"), -1);
  for (int level = 0; level < 4; ++level) layer_->addItem(QString("enc%1").arg(level), level);
  for (int level = 1; level < 4; ++level)
    layer_->addItem(tr("projector of enc%1").arg(level), 100 + level);
  perClass_ = new QSpinBox;
  perClass_->setRange(5, 5000);
  perClass_->setValue(100);
  perClass_->setSuffix(tr(" / organ"));
  wrongOnly_ = new QCheckBox(tr("wrong only"));
  coloring_ = new QComboBox;
  coloring_->setObjectName("pointColoring");
  for (const char* name : {"organ", "case", "right / wrong", "model"})
    coloring_->addItem(tr("colour by %1").arg(name));
  computeButton_ = new QPushButton(tr("Embed"));
  computeButton_->setObjectName("embedButton");
  cancelButton_ = new QPushButton(tr("Cancel"));
  auto* png = new QPushButton(tr("PNG..."));
  auto* svg = new QPushButton(tr("SVG..."));
  status_ = new QLabel;
  status_->setObjectName("embeddingStatus");
  for (QWidget* widget : std::initializer_list<QWidget*>{
           new QLabel(tr("Models")), modelA_, modelB_, layer_, perClass_, wrongOnly_,
           computeButton_, cancelButton_, coloring_, png, svg})
    row->addWidget(widget);
  row->addWidget(status_, 1);
  connect(computeButton_, &QPushButton::clicked, this, &EmbeddingPanel::compute);
  connect(cancelButton_, &QPushButton::clicked, this, [this] { embeddings_.cancel(); });
  connect(coloring_, qOverload<int>(&QComboBox::currentIndexChanged), this,
          &EmbeddingPanel::applyColoring);
  connect(png, &QPushButton::clicked, this, [this] {
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export plot"), "embedding.png", "PNG (*.png)");
    if (!path.isEmpty()) plots_[0]->parentWidget()->grab().save(path);
  });
  connect(svg, &QPushButton::clicked, this, [this] {
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export plot"), "embedding.svg", "SVG (*.svg)");
    if (!path.isEmpty() && !plots_[0]->exportSvg(path))
      emit message(tr("Cannot write %1").arg(path));
  });
  return controls;
}

void EmbeddingPanel::refreshModels() {
  modelA_->clear();
  modelB_->clear();
  modelB_->addItem(tr("(one model)"), 0LL);
  if (!session_.hasProject()) return;
  for (const auto& model : ModelRegistry(session_).models()) {
    const QString label = QString("%1: %2").arg(model.id).arg(model.name);
    modelA_->addItem(label, model.id);
    modelB_->addItem(label, model.id);
  }
  std::vector<std::array<std::uint8_t, 3>> colors(session_.scheme().maxId() + 1u, {150, 150, 150});
  std::vector<QString> names(colors.size());
  for (const auto& entry : session_.scheme().entries()) {
    colors[entry.id] = entry.color;
    names[entry.id] = QString::fromStdString(entry.name);
  }
  for (auto* plot : plots_) plot->setOrganColors(colors, names);
}

void EmbeddingPanel::compute() {
  std::vector<long long> models;
  if (modelA_->count()) models.push_back(modelA_->currentData().toLongLong());
  if (modelB_->currentData().toLongLong() != 0)
    models.push_back(modelB_->currentData().toLongLong());
  EmbeddingRequest request;
  for (const auto& candidate : session_.trainingCandidates())
    request.caseIds.push_back(candidate.caseId);
  const int layer = layer_->currentData().toInt();
  request.projector = layer >= 100;
  request.level = request.projector ? layer - 100 : layer;
  request.perClass = std::size_t(perClass_->value());
  request.wrongOnly = wrongOnly_->isChecked();
  computeButton_->setEnabled(false);
  status_->setText(tr("embedding..."));
  embeddings_.compute(models, request);
}

void EmbeddingPanel::showSets(const std::vector<long long>& ids) {
  computeButton_->setEnabled(true);
  for (std::size_t index = 0; index < 2; ++index)
    plots_[index]->setData(index < ids.size() ? embeddings_.load(ids[index]) : PlotData{});
  status_->setText(ids.empty() ? tr("cancelled") : tr("done"));
  applyColoring();
}

void EmbeddingPanel::applyColoring() {
  const auto coloring = PointColoring(coloring_->currentIndex());
  plots_[0]->setColoring(coloring, {31, 119, 180});
  plots_[1]->setColoring(coloring, {255, 127, 14});
}

}  // namespace voxsiam::ui
