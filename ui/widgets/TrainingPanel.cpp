#include "ui/widgets/TrainingPanel.h"

#include <algorithm>
#include <cmath>

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QValueAxis>

#include "ui/model/CaseSession.h"
#include "ui/model/TrainingController.h"

namespace voxsiam::ui {
namespace {

QChart* makeChart(const QString& title, bool legendAtSide = false) {
  auto* chart = new QChart;
  chart->setTitle(title);
  chart->setObjectName(title);
  chart->legend()->setAlignment(legendAtSide ? Qt::AlignRight : Qt::AlignBottom);
  chart->legend()->setMarkerShape(QLegend::MarkerShapeCircle);
  QFont small = chart->legend()->font();
  small.setPointSizeF(7);
  chart->legend()->setFont(small);
  QFont titleFont = chart->titleFont();
  titleFont.setPointSizeF(8);
  chart->setTitleFont(titleFont);
  chart->setMargins(QMargins(2, 2, 2, 2));
  auto* x = new QValueAxis;
  auto* y = new QValueAxis;
  x->setLabelFormat("%d");
  x->setTickType(QValueAxis::TicksDynamic);
  x->setTickAnchor(0);
  x->setTickInterval(1);
  y->setLabelFormat("%.2g");
  y->setTickCount(4);
  x->setTruncateLabels(false);
  y->setTruncateLabels(false);
  x->setLabelsFont(small);
  y->setLabelsFont(small);
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  return chart;
}

/// 1, 2 or 5 times a power of ten: about five whole-number ticks up to `maximum`.
double tickStep(double maximum) {
  const double raw = std::max(1.0, maximum / 5);
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double factor : {1.0, 2.0, 5.0}) {
    if (factor * power >= raw) return factor * power;
  }
  return 10 * power;
}

void extendAxes(QChart* chart, double x, double y) {
  auto* xAxis = static_cast<QValueAxis*>(chart->axes(Qt::Horizontal).front());
  auto* yAxis = static_cast<QValueAxis*>(chart->axes(Qt::Vertical).front());
  const double step = tickStep(std::max(xAxis->max(), x));
  xAxis->setTickType(QValueAxis::TicksDynamic);
  xAxis->setTickAnchor(0);
  xAxis->setTickInterval(step);
  xAxis->setRange(0, std::ceil(std::max(xAxis->max(), x) / step) * step);
  const double margin = 0.05 * std::abs(y);
  yAxis->setRange(std::min(yAxis->min(), y - margin), std::max(yAxis->max(), y + margin));
  yAxis->applyNiceNumbers();
}

/// Shows in the chart's title why it has no points (empty `reason`: its plain title).
void explainEmpty(QChart* chart, const QString& reason) {
  chart->setTitle(reason.isEmpty() ? chart->objectName() : chart->objectName() + " — " + reason);
}

QString clock(double seconds) {
  const int total = int(std::max(0.0, seconds));
  return QString("%1:%2").arg(total / 60).arg(total % 60, 2, 10, QChar('0'));
}

}  // namespace

TrainingPanel::TrainingPanel(CaseSession& session, TrainingController& training, QWidget* parent)
    : QWidget(parent), session_(session), training_(training) {
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(buildSettings());
  layout->addWidget(buildCharts(), 1);
  connect(&training_, &TrainingController::runStarted, this, &TrainingPanel::onRunStarted);
  connect(&training_, &TrainingController::stepReported, this, &TrainingPanel::onStep);
  connect(&training_, &TrainingController::epochReported, this, &TrainingPanel::onEpoch);
  connect(&training_, &TrainingController::runFinished, this, &TrainingPanel::onFinished);
  connect(&training_, &TrainingController::messageReported, this, &TrainingPanel::message);
  connect(&training_, &TrainingController::pausedChanged, this, &TrainingPanel::updateButtons);
  connect(&training_, &TrainingController::availabilityChanged, this, [this] {
    refreshChoices();
    refreshCases();
  });
  connect(&session_, &CaseSession::projectOpened, this, [this] {
    if (!training_.running()) {
      resetCharts();
      progress_->setRange(0, 1000);
      progress_->setValue(0);
      progress_->setFormat(tr("idle"));
    }
    refreshCases();
  });
  connect(&session_, &CaseSession::versionChanged, this, &TrainingPanel::refreshCases);
  connect(&session_, &CaseSession::activeModelChanged, this, &TrainingPanel::refreshStartingPoint);
  refreshChoices();
  refreshStartingPoint();
  updateButtons();
}

QWidget* TrainingPanel::buildSettings() {
  auto* box = new QGroupBox(tr("Training run"));
  auto* form = new QFormLayout(box);
  cases_ = new QListWidget;
  cases_->setObjectName("trainingCases");
  cases_->setMaximumHeight(110);
  validation_ = new QDoubleSpinBox;
  validation_->setRange(0, 0.5);
  validation_->setSingleStep(0.05);
  validation_->setValue(0.25);
  method_ = new QComboBox;
  method_->setObjectName("trainingMethod");
  preset_ = new QComboBox;
  preset_->setObjectName("trainingPreset");
  epochs_ = new QSpinBox;
  epochs_->setObjectName("trainingEpochs");
  epochs_->setRange(0, 100000);
  epochs_->setSpecialValueText(tr("preset"));
  budget_ = new QSpinBox;
  budget_->setRange(0, 7 * 24 * 3600);
  budget_->setSuffix(" s");
  budget_->setSpecialValueText(tr("preset"));
  startFromActive_ = new QCheckBox;
  startFromActive_->setObjectName("trainingStartFromActive");
  startFromActive_->setToolTip(
      tr("Fine-tune: the run takes the active model's network and begins with its weights "
         "instead of random ones (the fine-tune preset gives a short, gentle schedule)."));
  device_ = new QLabel;
  device_->setObjectName("trainingDevice");
  processes_ = new QSpinBox;
  processes_->setObjectName("trainingProcesses");
  processes_->setRange(1, 1);
  startReason_ = new QLabel;
  startReason_->setObjectName("trainingStartReason");
  startReason_->setWordWrap(true);
  startReason_->setStyleSheet("color: #b06000");
  progress_ = new QProgressBar;
  progress_->setObjectName("trainingProgress");
  progress_->setFormat(tr("idle"));
  form->addRow(tr("Approved cases"), cases_);
  form->addRow(tr("Validation share"), validation_);
  form->addRow(tr("Method"), method_);
  form->addRow(tr("Preset"), preset_);
  form->addRow(tr("Starting point"), startFromActive_);
  form->addRow(tr("Epochs"), epochs_);
  form->addRow(tr("Time budget"), budget_);
  form->addRow(tr("Device"), device_);
  form->addRow(tr("Processes"), processes_);
  form->addRow(buildRunButtons());
  form->addRow(startReason_);
  form->addRow(progress_);
  connect(cases_, &QListWidget::itemChanged, this, &TrainingPanel::updateButtons);
  return box;
}

QLayout* TrainingPanel::buildRunButtons() {
  start_ = new QPushButton(tr("Start"));
  start_->setObjectName("trainingStart");
  pause_ = new QPushButton(tr("Pause"));
  pause_->setObjectName("trainingPause");
  cancel_ = new QPushButton(tr("Cancel"));
  cancel_->setObjectName("trainingCancel");
  resume_ = new QPushButton(tr("Resume"));
  resume_->setObjectName("trainingResume");
  resume_->setToolTip(tr("Continue the last run from its last checkpoint"));
  auto* buttons = new QHBoxLayout;
  for (QPushButton* button : {start_, pause_, cancel_, resume_}) buttons->addWidget(button);
  connect(start_, &QPushButton::clicked, this, &TrainingPanel::startRun);
  connect(pause_, &QPushButton::clicked, this,
          [this] { training_.setPaused(!training_.paused()); });
  connect(cancel_, &QPushButton::clicked, this, [this] { training_.cancel(); });
  connect(resume_, &QPushButton::clicked, this, [this] { training_.resume(training_.runId()); });
  return buttons;
}

QWidget* TrainingPanel::buildCharts() {
  auto* charts = new QWidget;
  auto* layout = new QVBoxLayout(charts);
  layout->setContentsMargins(0, 0, 0, 0);
  lossChart_ = makeChart(tr("Losses per step"));
  diceChart_ = makeChart(tr("Validation Dice per organ"), true);
  healthChart_ = makeChart(tr("Collapse monitor (std of normalised z)"));
  gradientChart_ = makeChart(tr("log10 feature/Dice gradient norm per encoder level"), true);
  for (QChart* chart : {lossChart_, diceChart_, healthChart_, gradientChart_}) {
    auto* view = new QChartView(chart);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(chart == diceChart_ || chart == gradientChart_ ? 200 : 150);
    layout->addWidget(view);
  }
  return charts;
}

void TrainingPanel::refreshCases() {
  cases_->blockSignals(true);
  cases_->clear();
  const auto candidates =
      session_.hasProject() ? session_.trainingCandidates() : std::vector<TrainingCandidate>{};
  for (const auto& entry : candidates) {
    QString text = entry.name;
    const int all = int(session_.scheme().entries().size());
    if (entry.organs < all) text += tr("  (%1 of %2 organs approved)").arg(entry.organs).arg(all);
    if (entry.isNew) text += tr("  (new approval)");
    auto* item = new QListWidgetItem(text, cases_);
    item->setData(Qt::UserRole, entry.caseId);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(Qt::Checked);
  }
  cases_->blockSignals(false);
  device_->setText(training_.available() ? QString::fromStdString(training_.backend()->device())
                                         : tr("training not available"));
  refreshProcesses();
  refreshStartingPoint();
  updateButtons();
}

void TrainingPanel::refreshProcesses() {
  const int gpus = training_.available() ? training_.backend()->gpus() : 0;
  processes_->setRange(1, std::max(1, gpus));
  processes_->setEnabled(gpus >= 2);
  processes_->setSpecialValueText(gpus >= 2 ? QString() : tr("1 (needs 2+ GPUs)"));
  processes_->setToolTip(
      gpus >= 2 ? tr("Data-parallel training: one process per GPU (this machine has %1); each "
                     "trains its share of every batch.")
                      .arg(gpus)
                : tr("Data-parallel training needs two or more GPUs; this machine has %1. (On "
                     "the command line: voxsiam train --nproc N.)")
                      .arg(gpus));
}

void TrainingPanel::refreshStartingPoint() {
  const auto active = session_.hasProject() ? session_.activeModelId() : std::nullopt;
  const bool changed = active != activeModel_;
  activeModel_ = active;
  startFromActive_->setEnabled(active.has_value());
  startFromActive_->setText(active ? tr("Start from the active model (model %1)").arg(*active)
                                   : tr("Start from the active model (none yet: random weights)"));
  if (changed) startFromActive_->setChecked(active.has_value());
}

std::optional<long long> TrainingPanel::startingModel() const {
  if (activeModel_ && startFromActive_->isChecked()) return activeModel_;
  return std::nullopt;
}

void TrainingPanel::refreshChoices() {
  if (!training_.available()) return;
  fillChoices(method_, training_.backend()->methods(), TrainingRequest().method);
  fillChoices(preset_, training_.backend()->presets(), TrainingRequest().preset);
}

void TrainingPanel::fillChoices(QComboBox* box, const std::vector<NamedChoice>& choices,
                                const std::string& fallback) {
  const QVariant chosen =
      box->count() ? box->currentData() : QVariant(QString::fromStdString(fallback));
  box->clear();
  for (const auto& choice : choices)
    box->addItem(QString::fromStdString(choice.title), QString::fromStdString(choice.name));
  const int index = box->findData(chosen);
  if (index >= 0) box->setCurrentIndex(index);
}

int TrainingPanel::checkedCases() const {
  int checked = 0;
  for (int row = 0; row < cases_->count(); ++row)
    checked += cases_->item(row)->checkState() == Qt::Checked ? 1 : 0;
  return checked;
}

QString TrainingPanel::startBlockedReason() const {
  if (training_.running()) return tr("A run is in progress.");
  if (!session_.hasProject()) return tr("Open a project first.");
  if (!training_.available()) return tr("Training is not available in this program.");
  if (cases_->count() == 0)
    return tr("No case has approved labels: approve a case's labels in the Review tab.");
  if (checkedCases() == 0) return tr("Tick at least one approved case.");
  return {};
}

QLineSeries* TrainingPanel::series(QChart* chart, std::map<QString, QLineSeries*>& lines,
                                   const QString& name, const QColor& colour) {
  auto found = lines.find(name);
  if (found != lines.end()) return found->second;
  auto* line = new QLineSeries;
  line->setName(name);
  chart->addSeries(line);
  if (colour.isValid()) line->setPen(QPen(colour, 2));
  line->attachAxis(chart->axes(Qt::Horizontal).front());
  line->attachAxis(chart->axes(Qt::Vertical).front());
  lines[name] = line;
  return line;
}

void TrainingPanel::resetCharts() {
  for (auto* lines : {&lossLines_, &diceLines_, &healthLines_, &gradientLines_}) lines->clear();
  for (QChart* chart : {lossChart_, diceChart_, healthChart_, gradientChart_}) {
    explainEmpty(chart, tr("no run yet"));
    chart->removeAllSeries();
    static_cast<QValueAxis*>(chart->axes(Qt::Horizontal).front())->setRange(0, 1);
    static_cast<QValueAxis*>(chart->axes(Qt::Vertical).front())->setRange(0, 0.1);
  }
  globalStep_ = 0;
  elapsed_ = 0;
  epochsInRun_ = 0;
}

void TrainingPanel::startRun() {
  TrainingRequest request;
  for (int row = 0; row < cases_->count(); ++row) {
    if (cases_->item(row)->checkState() == Qt::Checked)
      request.caseIds.push_back(cases_->item(row)->data(Qt::UserRole).toLongLong());
  }
  request.validationFraction = validation_->value();
  request.method = method_->currentData().toString().toStdString();
  request.preset = preset_->currentData().toString().toStdString();
  request.epochs = epochs_->value();
  request.timeBudgetSeconds = budget_->value();
  request.parentModelId = activeModel_;
  request.startFromParent = startingModel().has_value();
  request.processes = processes_->value();
  try {
    training_.start(request);
  } catch (const std::exception& error) {
    emit message(tr("Cannot start training: %1").arg(QString::fromUtf8(error.what())));
  }
}

void TrainingPanel::onRunStarted() {
  resetCharts();
  for (QChart* chart : {lossChart_, diceChart_, healthChart_, gradientChart_})
    explainEmpty(chart, tr("waiting for the first step"));
  progress_->setRange(0, 0);
  progress_->setFormat(tr("preparing cases..."));
  updateButtons();
}

void TrainingPanel::onStep(const learn::StepReport& step) {
  globalStep_ += 1;
  elapsed_ += step.seconds;
  if (lossLines_.empty()) explainEmpty(lossChart_, {});
  series(lossChart_, lossLines_, tr("Dice loss"))->append(globalStep_, step.diceLoss);
  extendAxes(lossChart_, globalStep_, step.diceLoss);
  if (step.featureLoss != 0.0) {
    series(lossChart_, lossLines_, tr("feature loss"))->append(globalStep_, step.featureLoss);
    extendAxes(lossChart_, globalStep_, step.featureLoss);
  }
  if (step.health.empty() && healthLines_.empty())
    explainEmpty(healthChart_, tr("not measured for Dice only"));
  if (!step.health.empty() && healthLines_.empty()) explainEmpty(healthChart_, {});
  for (const auto& layer : step.health) {
    series(healthChart_, healthLines_, tr("level %1").arg(layer.level))
        ->append(globalStep_, layer.zStd);
    extendAxes(healthChart_, globalStep_, layer.zStd);
  }
  plotGradientRatio(step);
  if (diceLines_.empty()) explainEmpty(diceChart_, tr("scored after each epoch"));
  progress_->setRange(0, 1000);
  const double perStep = secondsPerStep();
  QString text = tr("epoch %1 · step %2/%3 · %4 s/step")
                     .arg(step.epoch + 1)
                     .arg(step.step + 1)
                     .arg(step.stepsPerEpoch)
                     .arg(perStep, 0, 'f', 2);
  if (epochsInRun_ > 0) {
    const double stepsLeft = double(epochsInRun_ - step.epoch - 1) * double(step.stepsPerEpoch) +
                             double(step.stepsPerEpoch - step.step - 1);
    text += tr(" · about %1 left").arg(clock(stepsLeft * perStep));
  }
  progress_->setFormat(text);
}

void TrainingPanel::plotGradientRatio(const learn::StepReport& step) {
  if (step.diceGradientNorm.empty()) return;
  if (step.featureGradientNorm.empty()) {
    if (gradientLines_.empty()) explainEmpty(gradientChart_, tr("none in a Dice-only run"));
    return;
  }
  if (gradientLines_.empty()) explainEmpty(gradientChart_, {});
  for (std::size_t level = 0; level < step.diceGradientNorm.size(); ++level) {
    const double dice = step.diceGradientNorm[level];
    const double feature =
        level < step.featureGradientNorm.size() ? step.featureGradientNorm[level] : 0;
    if (!(dice > 0) || !(feature > 0)) continue;
    const double ratio = std::log10(feature / dice);
    series(gradientChart_, gradientLines_, tr("level %1").arg(level))->append(globalStep_, ratio);
    extendAxes(gradientChart_, globalStep_, ratio);
  }
}

void TrainingPanel::onEpoch(const learn::EpochReport& epoch) {
  const auto& organs = session_.scheme().entries();
  const bool validated = std::any_of(epoch.validationDice.begin(), epoch.validationDice.end(),
                                     [](double dice) { return !std::isnan(dice); });
  explainEmpty(diceChart_, validated ? QString() : tr("no validation cases"));
  for (std::size_t organ = 0; organ < epoch.validationDice.size() && organ < organs.size();
       ++organ) {
    const double dice = epoch.validationDice[organ];
    if (std::isnan(dice)) continue;
    const auto& rgb = organs[organ].color;  // the organ's colour, as in the slice and 3D views
    series(diceChart_, diceLines_, QString::fromStdString(organs[organ].name),
           QColor(rgb[0], rgb[1], rgb[2]))
        ->append(double(epoch.epoch + 1), dice);
    extendAxes(diceChart_, double(epoch.epoch + 1), std::min(1.0, dice));
  }
  epochsInRun_ = epoch.epochs;
  const double perStep = secondsPerStep();
  const double stepsLeft =
      double(epoch.epochs - epoch.epoch - 1) * std::max(1.0, globalStep_ / double(epoch.epoch + 1));
  progress_->setValue(
      int(1000.0 * double(epoch.epoch + 1) / double(std::max<int64_t>(1, epoch.epochs))));
  progress_->setFormat(tr("epoch %1/%2 · about %3 left")
                           .arg(epoch.epoch + 1)
                           .arg(epoch.epochs)
                           .arg(clock(stepsLeft * perStep)));
}

void TrainingPanel::onFinished(const QString& state, const QString& text) {
  progress_->setRange(0, 1000);
  progress_->setFormat(tr("%1: %2").arg(state, text));
  emit message(tr("Training %1: %2").arg(state, text));
  updateButtons();
  refreshCases();
}

void TrainingPanel::updateButtons() {
  const bool running = training_.running();
  const QString reason = startBlockedReason();
  start_->setEnabled(reason.isEmpty());
  startReason_->setText(running ? QString() : reason);
  startReason_->setVisible(!running && !reason.isEmpty());
  pause_->setEnabled(running);
  pause_->setText(training_.paused() ? tr("Continue") : tr("Pause"));
  cancel_->setEnabled(running);
  resume_->setEnabled(!running && training_.runId() != 0 && training_.lastRunResumable());
}

double TrainingPanel::secondsPerStep() const {
  return elapsed_ / std::max(1.0, globalStep_);
}

int TrainingPanel::lossPoints() const {
  int points = 0;
  for (const auto& [name, line] : lossLines_) points += line->count();
  return points;
}

QString TrainingPanel::chartTitle(int index) const {
  const QChart* charts[] = {lossChart_, diceChart_, healthChart_, gradientChart_};
  return index >= 0 && index < 4 ? charts[index]->title() : QString();
}

int TrainingPanel::featureLossPoints() const {
  const auto found = lossLines_.find(tr("feature loss"));
  return found == lossLines_.end() ? 0 : int(found->second->count());
}

std::vector<NamedChoice> TrainingPanel::methodChoices() const {
  std::vector<NamedChoice> choices;
  for (int index = 0; index < method_->count(); ++index)
    choices.push_back({method_->itemData(index).toString().toStdString(),
                       method_->itemText(index).toStdString()});
  return choices;
}

int TrainingPanel::gradientRatioPoints() const {
  int points = 0;
  for (const auto& [name, line] : gradientLines_) points += line->count();
  return points;
}

int TrainingPanel::validationPoints() const {
  int points = 0;
  for (const auto& [name, line] : diceLines_) points += line->count();
  return points;
}

}  // namespace voxsiam::ui
