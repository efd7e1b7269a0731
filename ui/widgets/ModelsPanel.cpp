#include "ui/widgets/ModelsPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QTextStream>
#include <QVBoxLayout>

#include "ui/model/CaseSession.h"
#include "ui/model/CountText.h"
#include "ui/model/EditController.h"
#include "ui/model/TrainingController.h"
#include "ui/widgets/CorrectionEffortBox.h"
#include "ui/widgets/NextCaseBox.h"
#include "ui/widgets/RegressionGateDialog.h"

namespace voxsiam::ui {
namespace {

QTableWidgetItem* cell(const QString& text) {
  auto* item = new QTableWidgetItem(text);
  item->setFlags(item->flags() & ~Qt::ItemIsEditable);
  return item;
}

QString number(const std::optional<double>& value, int decimals = 3) {
  return value ? QString::number(*value, 'f', decimals) : QString("-");
}

/// The lineage cell: "-", the parent's id, or "fine-tuned from N" when the run began with the
/// parent's weights.
QString lineage(const ModelRow& row) {
  if (!row.parentId) return "-";
  if (row.startedFromParent) return ModelsPanel::tr("fine-tuned from %1").arg(*row.parentId);
  return QString::number(*row.parentId);
}

QTableWidget* makeTable(const QStringList& headers) {
  auto* table = new QTableWidget(0, int(headers.size()));
  table->setHorizontalHeaderLabels(headers);
  table->verticalHeader()->hide();
  table->setSelectionBehavior(QAbstractItemView::SelectRows);
  table->setSelectionMode(QAbstractItemView::SingleSelection);
  table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  return table;
}

}  // namespace

ModelsPanel::ModelsPanel(CaseSession& session, EditController& editor, TrainingController& training,
                         QWidget* parent)
    : QWidget(parent),
      session_(session),
      editor_(editor),
      training_(training),
      registry_(session),
      scoring_(new ScoringController(this)),
      gate_(new RegressionGate(session, training, this)) {
  connect(gate_, &RegressionGate::checking, this, [this](long long active, long long fresh) {
    emit message(tr("Scoring model %1 against the active model %2 on held-out cases...")
                     .arg(fresh)
                     .arg(active));
  });
  connect(gate_, &RegressionGate::reportReady, this, &ModelsPanel::askGate);
  connect(gate_, &RegressionGate::failed, this, [this](const QString& error) {
    emit message(tr("The regression gate could not score the models: %1").arg(error));
  });
  connect(scoring_, &ScoringController::scored, this, &ModelsPanel::showEvaluation);
  connect(scoring_, &ScoringController::scoringFailed, this, [this](const QString& error) {
    emit message(tr("Cannot score the cases: %1").arg(error));
  });
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(buildRegistry());
  layout->addWidget(buildSuggestion());
  nextCases_ = new NextCaseBox(session_, training_, [this] { return predictionModel(); });
  connect(nextCases_, &NextCaseBox::message, this, &ModelsPanel::message);
  layout->addWidget(nextCases_);
  layout->addWidget(buildScores(), 1);
  corrections_ = new CorrectionEffortBox(session_);
  layout->addWidget(corrections_);
  connect(corrections_, &CorrectionEffortBox::message, this, &ModelsPanel::message);
  connect(&session_, &CaseSession::versionChanged, corrections_, &CorrectionEffortBox::refresh);
  connect(&session_, &CaseSession::projectOpened, this, [this] {
    fillScores({}, false);
    refresh();
  });
  connect(&session_, &CaseSession::caseClosed, this, &ModelsPanel::refreshSuggestion);
  connect(&session_, &CaseSession::caseLoaded, this, &ModelsPanel::refreshSuggestion);
  connect(&session_, &CaseSession::versionChanged, this, &ModelsPanel::refreshSuggestion);
  connect(&training_, &TrainingController::runFinished, this, &ModelsPanel::refresh);
  connect(&training_, &TrainingController::casePredicted, this,
          [this](long long caseId, long long version, const QString& error) {
            if (!error.isEmpty()) {
              emit message(tr("Prediction failed: %1").arg(error));
              return;
            }
            const bool shown = session_.hasCase() && session_.caseData().caseId == caseId;
            if (!shown) {
              emit message(tr("Predicted a case: a new draft label version"));
              return;
            }
            session_.reloadVersions();
            emit message(tr("Predicted %1: label version %2 (a draft; pick it in the version "
                            "picker or take organs from it below)")
                             .arg(QString::fromStdString(session_.caseData().name))
                             .arg(session_.versionNumber(version)));
          });
  connect(&training_, &TrainingController::predictionsDone, this, &ModelsPanel::refreshSuggestion);
}

QWidget* ModelsPanel::buildRegistry() {
  auto* box = new QGroupBox(tr("Models"));
  auto* layout = new QVBoxLayout(box);
  models_ = makeTable({tr("Active"), tr("Model"), tr("Method"), tr("Run"), tr("Parent"),
                       tr("Cases"), tr("Val. Dice")});
  models_->setObjectName("modelTable");
  models_->setMaximumHeight(140);
  auto* setActive = new QPushButton(tr("Set active"));
  auto* predictCase = new QPushButton(tr("Predict this case"));
  predictCase->setObjectName("predictCase");
  auto* predictAll = new QPushButton(tr("Predict all cases"));
  predictModel_ = new QComboBox;
  predictModel_->setObjectName("predictModel");
  auto* predictRow = new QHBoxLayout;
  predictRow->addWidget(new QLabel(tr("Predict with")));
  predictRow->addWidget(predictModel_, 1);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(setActive);
  buttons->addWidget(predictCase);
  buttons->addWidget(predictAll);
  layout->addWidget(models_);
  layout->addLayout(predictRow);
  layout->addLayout(buttons);
  connect(setActive, &QPushButton::clicked, this, [this] {
    if (const auto model = selectedModel()) {
      registry_.setActive(*model);
      refresh();
    }
  });
  connect(predictCase, &QPushButton::clicked, this, [this] {
    if (session_.hasCase()) predictCases({session_.caseData().caseId});
  });
  connect(predictAll, &QPushButton::clicked, this, [this] { predictCases(session_.caseIds()); });
  return box;
}

QWidget* ModelsPanel::buildSuggestion() {
  auto* box = new QGroupBox(tr("Model suggestion for this case"));
  auto* layout = new QHBoxLayout(box);
  suggestion_ = new QLabel(tr("none"));
  suggestion_->setObjectName("suggestionInfo");
  suggestionOrgan_ = new QComboBox;
  suggestionOrgan_->setObjectName("suggestionOrgan");
  takeOrgan_ = new QPushButton(tr("Take organ"));
  takeOrgan_->setObjectName("takeOrgan");
  showOutline_ = new QCheckBox(tr("Outline"));
  showOutline_->setObjectName("suggestionOutline");
  showOutline_->setToolTip(tr("Draw the prediction as outlines over the labels shown"));
  showOutline_->setChecked(true);
  connect(showOutline_, &QCheckBox::toggled, this, &ModelsPanel::refreshSuggestion);
  suggestion_->setWordWrap(true);
  layout->addWidget(suggestion_, 1);
  layout->addWidget(showOutline_);
  layout->addWidget(suggestionOrgan_);
  layout->addWidget(takeOrgan_);
  connect(takeOrgan_, &QPushButton::clicked, this, [this] {
    if (suggestionVersion_ == 0) return;
    const auto organ = std::uint16_t(suggestionOrgan_->currentData().toInt());
    editor_.takeOrgan(session_.versionLabels(suggestionVersion_), organ);
    session_.noteTakenFromDraft(organ, suggestionVersion_);
    emit message(tr("Took %1 from the model").arg(suggestionOrgan_->currentText()));
  });
  return box;
}

QWidget* ModelsPanel::buildScores() {
  auto* box = new QGroupBox(tr("Scores against the approved labels"));
  auto* layout = new QVBoxLayout(box);
  modelA_ = new QComboBox;
  modelB_ = new QComboBox;
  evaluationSource_ = new QComboBox;
  auto* compare = new QPushButton(tr("Compare"));
  auto* evaluate = new QPushButton(tr("Evaluate"));
  auto* exportCsvButton = new QPushButton(tr("Export CSV..."));
  auto* compareRow = new QHBoxLayout;
  compareRow->addWidget(new QLabel(tr("Model A")));
  compareRow->addWidget(modelA_, 1);
  compareRow->addWidget(new QLabel(tr("vs B")));
  compareRow->addWidget(modelB_, 1);
  compareRow->addWidget(compare);
  auto* evaluateRow = new QHBoxLayout;
  evaluateRow->addWidget(evaluationSource_, 1);
  evaluateRow->addWidget(evaluate);
  evaluateRow->addWidget(exportCsvButton);
  scores_ = makeTable({tr("Case"), tr("Organ"), tr("Version"), tr("Source"), tr("Dice"),
                       tr("HD95 mm"), tr("ASSD mm"), tr("Dice B"), tr("Case role")});
  scores_->setObjectName("scoreTable");
  summary_ = makeTable(
      {tr("Organ"), tr("Cases"), tr("n"), tr("Dice A mean ± SD"), tr("Dice B mean ± SD")});
  summary_->setObjectName("comparisonSummary");
  summary_->setMaximumHeight(170);
  summary_->hide();
  scoresNote_ =
      new QLabel(tr("Evaluate the newest labels or a model's predictions, or compare "
                    "two models."));
  scoresNote_->setObjectName("scoresNote");
  scoresNote_->setWordWrap(true);
  layout->addLayout(compareRow);
  layout->addLayout(evaluateRow);
  layout->addWidget(scoresNote_);
  layout->addWidget(summary_);
  layout->addWidget(scores_, 1);
  connect(compare, &QPushButton::clicked, this, [this] {
    if (modelA_->count() && modelB_->count())
      showComparison(modelA_->currentData().toLongLong(), modelB_->currentData().toLongLong());
  });
  connect(evaluate, &QPushButton::clicked, this, [this] {
    const long long model = evaluationSource_->currentData().toLongLong();
    this->evaluate(model ? std::optional<long long>(model) : std::nullopt);
  });
  connect(exportCsvButton, &QPushButton::clicked, this, [this] {
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export scores"), "scores.csv", tr("CSV (*.csv)"));
    if (!path.isEmpty() && !exportCsv(path)) emit message(tr("Cannot write %1").arg(path));
  });
  return box;
}

void ModelsPanel::refresh() {
  if (!session_.hasProject()) return;
  corrections_->refresh();
  const auto rows = registry_.models();
  models_->setRowCount(int(rows.size()));
  modelA_->clear();
  modelB_->clear();
  evaluationSource_->clear();
  evaluationSource_->addItem(tr("newest label version of each case"), 0LL);
  for (std::size_t index = 0; index < rows.size(); ++index) {
    const auto& row = rows[index];
    const int r = int(index);
    models_->setItem(r, 0, cell(row.active ? QString::fromUtf8("\u2605") : QString()));
    models_->setItem(r, 1, cell(row.name));
    models_->item(r, 1)->setData(Qt::UserRole, row.id);
    models_->setItem(r, 2, cell(row.method));
    models_->setItem(r, 3, cell(row.runId ? QString::number(*row.runId) : "-"));
    models_->setItem(r, 4, cell(lineage(row)));
    models_->setItem(r, 5, cell(QString::number(row.trainingCases)));
    models_->setItem(r, 6, cell(number(row.meanValidationDice)));
    const QString label = QString("%1: %2").arg(row.id).arg(row.name);
    modelA_->addItem(label, row.id);
    modelB_->addItem(label, row.id);
    evaluationSource_->addItem(tr("predictions of model %1").arg(label), row.id);
  }
  if (rows.size() > 1) modelB_->setCurrentIndex(1);
  predictModel_->clear();
  for (const auto& row : rows) {
    const QString label = QString("%1: %2").arg(row.id).arg(row.name);
    if (row.active) {
      predictModel_->insertItem(0, QString::fromUtf8("\u2605 ") + label + tr(" (active)"), row.id);
    } else {
      predictModel_->addItem(label, row.id);
    }
  }
  predictModel_->setCurrentIndex(0);
}

std::optional<long long> ModelsPanel::predictionModel() const {
  if (predictModel_->count() == 0) return std::nullopt;
  return predictModel_->currentData().toLongLong();
}

void ModelsPanel::predictCases(const std::vector<long long>& caseIds) {
  const auto model = predictionModel();
  if (!model) {
    emit message(tr("No model to predict with: train one in the Training tab first"));
    return;
  }
  if (caseIds.empty() || training_.predicting()) return;
  emit message(tr("Predicting %1 with model %2")
                   .arg(countText(int(caseIds.size()), tr("case"), tr("cases")))
                   .arg(predictModel_->currentText()));
  training_.predict(*model, caseIds);
}

std::optional<long long> ModelsPanel::selectedModel() const {
  const int row = models_->currentRow();
  if (row < 0 || !models_->item(row, 1)) return std::nullopt;
  return models_->item(row, 1)->data(Qt::UserRole).toLongLong();
}

void ModelsPanel::refreshSuggestion() {
  suggestionVersion_ = 0;
  suggestionOrgan_->clear();
  takeOrgan_->setEnabled(false);
  if (!session_.hasCase()) {
    suggestion_->setText(tr("no case open"));
    return;
  }
  const auto suggestion = session_.modelSuggestion();
  if (!suggestion) {
    suggestion_->setText(tr("none (predict this case first)"));
    session_.setOutline(std::nullopt);
    return;
  }
  suggestionVersion_ = suggestion->id;
  const QString caption = tr("version %1, prediction of model %2")
                              .arg(session_.versionNumber(suggestion->id))
                              .arg(suggestion->modelId.value_or(0));
  suggestion_->setText(caption + (showOutline_->isChecked() ? tr(" (outlined)") : QString()));
  try {
    session_.setOutline(showOutline_->isChecked()
                            ? std::optional<image::LabelMap>(session_.versionLabels(suggestion->id))
                            : std::nullopt,
                        caption);
  } catch (const std::exception& error) {
    session_.setOutline(std::nullopt);
    emit message(tr("Cannot read the prediction: %1").arg(QString::fromUtf8(error.what())));
  }
  for (const auto& entry : session_.scheme().entries())
    suggestionOrgan_->addItem(QString::fromStdString(entry.name), entry.id);
  takeOrgan_->setEnabled(true);
}

void ModelsPanel::fillScores(const std::vector<ScoreRow>& rows, bool comparison) {
  shownScores_ = rows;
  shownComparison_ = comparison;
  scores_->setColumnHidden(7, !comparison);
  scores_->setColumnHidden(8, !comparison);
  summary_->setVisible(comparison && !rows.empty());
  if (comparison) fillSummary(rows);
  scores_->setColumnHidden(2, comparison);
  scores_->setColumnHidden(3, comparison);
  scores_->setHorizontalHeaderItem(4, new QTableWidgetItem(comparison ? tr("Dice A") : tr("Dice")));
  scores_->setRowCount(int(rows.size()));
  for (std::size_t index = 0; index < rows.size(); ++index) {
    const auto& row = rows[index];
    const int r = int(index);
    scores_->setItem(r, 0, cell(row.caseName));
    scores_->setItem(r, 1, cell(row.organ));
    scores_->setItem(r, 2, cell(QString::number(row.versionId)));
    scores_->setItem(r, 3, cell(row.source));
    scores_->setItem(r, 4, cell(number(row.dice)));
    scores_->setItem(r, 5, cell(number(row.hd95, 1)));
    scores_->setItem(r, 6, cell(number(row.assd, 2)));
    scores_->setItem(r, 7, cell(number(row.otherDice)));
    scores_->setItem(r, 8, cell(row.role));
  }
}

void ModelsPanel::fillSummary(const std::vector<ScoreRow>& rows) {
  const auto summaries = ModelRegistry::summarise(rows);
  summary_->setRowCount(int(summaries.size()));
  const auto spread = [](double mean, double sd) {
    return QString("%1 ± %2").arg(mean, 0, 'f', 3).arg(sd, 0, 'f', 3);
  };
  for (std::size_t index = 0; index < summaries.size(); ++index) {
    const auto& summary = summaries[index];
    const int r = int(index);
    summary_->setItem(r, 0, cell(summary.organ));
    summary_->setItem(r, 1, cell(tr("%1 cases").arg(summary.role)));
    summary_->setItem(r, 2, cell(QString::number(summary.cases)));
    summary_->setItem(r, 3, cell(spread(summary.meanA, summary.sdA)));
    summary_->setItem(r, 4, cell(summary.meanB ? spread(*summary.meanB, *summary.sdB) : "-"));
  }
}

void ModelsPanel::showComparison(long long a, long long b) {
  const auto rows = registry_.compare(a, b);
  fillScores(rows, true);
  scoresNote_->setText(
      rows.empty()
          ? tr("Nothing to compare: no case has approved labels and predictions of both model %1 "
               "and model %2. Predict the cases with each model first (Predict with, then "
               "Predict all cases).")
                .arg(a)
                .arg(b)
          : tr("Model %1 (A) against model %2 (B): Dice to the approved labels, first per organ "
               "over the cases of each role, then case by case.")
                .arg(a)
                .arg(b));
}

void ModelsPanel::evaluate(std::optional<long long> modelId) {
  if (scoring_->evaluate(session_.projectFolder(), modelId)) emit message(tr("Scoring..."));
}

void ModelsPanel::showEvaluation(const std::vector<ScoreRow>& rows) {
  fillScores(rows, false);
  scoresNote_->setText(rows.empty()
                           ? tr("Nothing to score: no case has both approved labels and the "
                                "labels chosen (predict the cases with the model first).")
                           : tr("Dice, HD95 and ASSD to each case's newest approved labels."));
  emit message(tr("Scored %1 organs").arg(rows.size()));
}

bool ModelsPanel::exportCsv(const QString& path) const {
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) return false;
  QTextStream(&file) << ModelRegistry::toCsv(shownScores_, shownComparison_);
  return file.error() == QFile::NoError;
}

int ModelsPanel::scoreRows() const {
  return scores_->rowCount();
}

void ModelsPanel::askGate(const GateReport& report) {
  auto* dialog = new RegressionGateDialog(report, gate_->regressed(report), gate_->maxDrop(), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QDialog::accepted, this, [this, dialog] {
    gate_->accept(dialog->report());
    refresh();
    emit message(tr("Model %1 is now active").arg(dialog->report().newModel));
  });
  connect(dialog, &QDialog::rejected, this, [this, dialog] {
    emit message(tr("Model %1 stays active; model %2 is kept in the registry")
                     .arg(dialog->report().activeModel)
                     .arg(dialog->report().newModel));
  });
  dialog->open();
}

}  // namespace voxsiam::ui
