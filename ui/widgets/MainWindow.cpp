#include "ui/widgets/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QDragMoveEvent>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QGridLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <cstdio>

#include "ui/model/CaseSession.h"
#include "ui/model/CaseTableModel.h"
#include "ui/model/CountText.h"
#include "ui/model/EditController.h"
#include "ui/model/EmbeddingController.h"
#include "ui/model/ProjectFiles.h"
#include "ui/model/SurfaceController.h"
#include "ui/model/TrainingController.h"
#include "ui/widgets/EmbeddingPanel.h"
#include "ui/widgets/ImportDialog.h"
#include "ui/widgets/MessageArea.h"
#include "ui/widgets/ModelsPanel.h"
#include "ui/widgets/SliceView.h"
#include "ui/widgets/SurfaceView.h"
#include "ui/widgets/ToolPanel.h"
#include "ui/widgets/TrainingPanel.h"
#include "ui/widgets/tools/EditToolDescriptor.h"

namespace voxsiam::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      session_(new CaseSession(this)),
      editor_(new EditController(*session_, this)),
      cases_(new CaseTableModel(this)),
      filter_(new CaseStatusFilter(this)),
      training_(new TrainingController(nullptr, this)),
      messages_(new MessageArea) {
  setWindowTitle(tr("VoxSiam Studio"));
  resize(1500, 920);
  buildViews();
  setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
  setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
  buildCaseBrowser();
  buildToolDock();
  embeddings_ = new EmbeddingController(*session_, *training_, this);
  embeddingPanel_ = new EmbeddingPanel(*session_, *embeddings_);
  featureDock_ = new QDockWidget(tr("Feature space (t-SNE)"), this);
  featureDock_->setObjectName("featureDock");
  auto* featureArea = new QScrollArea;
  featureArea->setWidget(embeddingPanel_);
  featureArea->setWidgetResizable(true);
  featureArea->setFrameShape(QFrame::NoFrame);
  featureDock_->setWidget(featureArea);
  addDockWidget(Qt::BottomDockWidgetArea, featureDock_);
  featureDock_->hide();
  connect(embeddingPanel_, &EmbeddingPanel::message, messages_, &MessageArea::showMessage);
  connect(training_, &TrainingController::runFinished, embeddingPanel_,
          &EmbeddingPanel::refreshModels);
  buildActions();
  buildStatusBar();
  connectSession();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildViews() {
  auto* central = new QWidget;
  auto* grid = new QGridLayout(central);
  grid->setSpacing(3);
  grid->setContentsMargins(3, 3, 3, 3);
  slices_[0] = new SliceView(render::ViewOrientation::Axial, *session_, *editor_);
  slices_[1] = new SliceView(render::ViewOrientation::Sagittal, *session_, *editor_);
  slices_[2] = new SliceView(render::ViewOrientation::Coronal, *session_, *editor_);
  surface_ = new SurfaceView;
  surfaces_ = new SurfaceController(*session_, *surface_, this);
  grid->addWidget(slices_[0], 0, 0);
  grid->addWidget(slices_[1], 0, 1);
  grid->addWidget(slices_[2], 1, 0);
  grid->addWidget(surface_, 1, 1);
  setCentralWidget(central);
  for (SliceView* view : slices_) connect(view, &SliceView::hovered, this, &MainWindow::onHover);
  for (QWidget* view : {static_cast<QWidget*>(slices_[0]), static_cast<QWidget*>(slices_[1]),
                        static_cast<QWidget*>(slices_[2]), static_cast<QWidget*>(surface_)})
    view->installEventFilter(this);
}

void MainWindow::buildCaseBrowser() {
  auto* panel = new QWidget;
  auto* layout = new QVBoxLayout(panel);
  statusFilter_ = new QComboBox;
  statusFilter_->setObjectName("statusFilter");
  for (const char* status : {"", "draft", "in_review", "approved", "rejected", "unlabelled"}) {
    statusFilter_->addItem(*status ? QString(status).replace('_', ' ') : tr("all cases"), status);
  }
  filter_->setSourceModel(cases_);
  table_ = new QTableView;
  table_->setObjectName("caseTable");
  table_->setModel(filter_);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setSortingEnabled(true);
  table_->sortByColumn(CaseTableModel::Name, Qt::AscendingOrder);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->setAlternatingRowColors(true);
  table_->setAcceptDrops(true);
  table_->viewport()->setAcceptDrops(true);
  table_->viewport()->installEventFilter(this);
  table_->setToolTip(tr("Drop image files or folders here to import them"));
  layout->addWidget(statusFilter_);
  layout->addWidget(table_);
  auto* dock = new QDockWidget(tr("Cases"), this);
  dock->setObjectName("casesDock");
  panel->setMinimumWidth(390);
  dock->setWidget(panel);
  dock->setFeatures(QDockWidget::DockWidgetMovable);
  addDockWidget(Qt::LeftDockWidgetArea, dock);
  connect(statusFilter_, qOverload<int>(&QComboBox::currentIndexChanged), this,
          [this](int index) { filter_->setStatus(statusFilter_->itemData(index).toString()); });
  connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this](const QModelIndex& current) { onCaseActivated(current); });
}

QWidget* MainWindow::buildReviewBox() {
  auto* box = new QGroupBox(tr("Label version"));
  auto* layout = new QVBoxLayout(box);
  versionInfo_ = new QLabel(tr("No case open"));
  versionInfo_->setObjectName("versionInfo");
  versionInfo_->setWordWrap(true);
  versionInfo_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  versionInfo_->setMinimumHeight(4 * versionInfo_->fontMetrics().lineSpacing() + 4);
  layout->addWidget(versionInfo_);
  versionPicker_ = new QComboBox;
  versionPicker_->setObjectName("versionPicker");
  versionPicker_->setToolTip(
      tr("Every label version of this case: approved labels, drafts and "
         "model predictions"));
  layout->addWidget(versionPicker_);
  connect(versionPicker_, qOverload<int>(&QComboBox::activated), this,
          &MainWindow::onVersionPicked);
  saveButton_ = new QPushButton(tr("Save as new version (Ctrl+S)"));
  saveButton_->setObjectName("saveButton");
  layout->addWidget(saveButton_);
  connect(saveButton_, &QPushButton::clicked, this, &MainWindow::save);
  auto* row = new QHBoxLayout;
  const std::pair<const char*, storage::ReviewStatus> buttons[] = {
      {"Submit for review", storage::ReviewStatus::InReview},
      {"Approve", storage::ReviewStatus::Approved},
      {"Reject", storage::ReviewStatus::Rejected}};
  for (const auto& [text, status] : buttons) {
    auto* button = new QPushButton(tr(text));
    button->setObjectName(QString("review_") + QString::fromStdString(storage::toString(status)));
    row->addWidget(button);
    reviewButtons_.push_back({button, int(status)});
    connect(button, &QPushButton::clicked, this, [this, status = status] { review(int(status)); });
  }
  layout->addLayout(row);
  return box;
}

void MainWindow::buildToolDock() {
  auto* panel = new QWidget;
  auto* layout = new QVBoxLayout(panel);
  layout->setContentsMargins(0, 0, 0, 0);
  tools_ = new ToolPanel(*session_, *editor_);
  layout->addWidget(buildReviewBox());
  layout->addWidget(tools_);
  trainingPanel_ = new TrainingPanel(*session_, *training_);
  modelsPanel_ = new ModelsPanel(*session_, *editor_, *training_);
  tabs_ = new QTabWidget;
  tabs_->setObjectName("sideTabs");
  const auto scrolling = [](QWidget* content) {
    auto* area = new QScrollArea;
    area->setWidget(content);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    return area;
  };
  tabs_->addTab(scrolling(panel), tr("Review"));
  tabs_->addTab(scrolling(trainingPanel_), tr("Training"));
  tabs_->addTab(scrolling(modelsPanel_), tr("Models"));
  tabs_->setMinimumWidth(470);
  auto* dock = new QDockWidget(tr("Tools"), this);
  dock->setObjectName("toolsDock");
  dock->setWidget(tabs_);
  dock->setFeatures(QDockWidget::DockWidgetMovable);
  addDockWidget(Qt::RightDockWidgetArea, dock);
  connect(tools_, &ToolPanel::message, messages_, &MessageArea::showMessage);
  connect(editor_, &EditController::reported, messages_, &MessageArea::showMessage);
  connect(trainingPanel_, &TrainingPanel::message, messages_, &MessageArea::showMessage);
  connect(modelsPanel_, &ModelsPanel::message, messages_, &MessageArea::showMessage);
  connect(training_, &TrainingController::predictionsDone, this, [this] {
    reloadCases();
    if (session_->hasCase()) refreshVersionInfo();
  });
  connect(training_, &TrainingController::runFinished, this, &MainWindow::reloadCases);
}

void MainWindow::buildActions() {
  auto* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&New project..."), QKeySequence::New, this, &MainWindow::newProject);
  file->addAction(tr("&Open project..."), QKeySequence::Open, this, &MainWindow::chooseProject);
  auto* recent = file->addMenu(tr("Open &recent"));
  recent->setObjectName("recentMenu");
  connect(recent, &QMenu::aboutToShow, this, [this, recent] {
    recent->clear();
    for (const QString& folder : QSettings().value("recentProjects").toStringList()) {
      if (QDir(folder).exists("project.sqlite"))
        recent->addAction(folder, this, [this, folder] { openProject(folder); });
    }
    if (recent->isEmpty()) recent->addAction(tr("(none)"))->setEnabled(false);
  });
  file->addAction(tr("&Save label version"), QKeySequence::Save, this, &MainWindow::save);
  file->addSeparator();
  file->addAction(tr("&Import cases..."), QKeySequence(Qt::CTRL | Qt::Key_I), this,
                  [this] { openImportDialog(); });
  file->addAction(tr("&Export this case (NIfTI image and labels)..."), this,
                  &MainWindow::exportShownCase);
  file->addAction(tr("Export &approved cases (nnU-Net layout)..."), this,
                  &MainWindow::exportApprovedCases);
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
  auto* editMenu = menuBar()->addMenu(tr("&Edit"));
  auto* undo = editMenu->addAction(tr("&Undo"), QKeySequence::Undo, editor_, &EditController::undo);
  auto* redo = editMenu->addAction(tr("&Redo"), QKeySequence::Redo, editor_, &EditController::redo);
  redo->setShortcuts({QKeySequence::Redo, QKeySequence(Qt::CTRL | Qt::Key_Y)});
  auto updateHistory = [this, undo, redo] {
    undo->setEnabled(editor_->canUndo());
    redo->setEnabled(editor_->canRedo());
    refreshVersionInfo();
  };
  connect(editor_, &EditController::historyChanged, this, updateHistory);
  connect(session_, &CaseSession::caseLoaded, this, updateHistory);
  auto* toolsMenu = menuBar()->addMenu(tr("&Tools"));
  addToolActions(toolsMenu);
  toolsMenu->addAction(tr("Smaller brush\t["), QKeySequence(Qt::Key_BracketLeft), this,
                       [this] { editor_->setBrushRadius(editor_->brush().radiusMm - 1); });
  toolsMenu->addAction(tr("Larger brush\t]"), QKeySequence(Qt::Key_BracketRight), this,
                       [this] { editor_->setBrushRadius(editor_->brush().radiusMm + 1); });
  auto* view = menuBar()->addMenu(tr("&View"));
  auto* featureSpace = view->addAction(tr("&Feature space"), QKeySequence(Qt::CTRL | Qt::Key_T));
  featureSpace->setCheckable(true);
  connect(featureSpace, &QAction::toggled, this, &MainWindow::showFeatureSpace);
  view->addAction(tr("&Reset views"), QKeySequence(Qt::CTRL | Qt::Key_R), this, [this] {
    for (SliceView* slice : slices_) slice->resetView();
  });
  view->addAction(tr("Reset &3-D view\tHome"), this, [this] { surface_->resetCamera(); });
  view->addAction(tr("&All four views"), this, [this] { setSingleView(nullptr); });
  auto* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&Keyboard shortcuts"), QKeySequence::HelpContents, this,
                  &MainWindow::showShortcuts);
  help->addAction(tr("&About VoxSiam Studio"), this, &MainWindow::showAbout);
}

void MainWindow::addToolActions(QMenu* menu) {
  for (const ToolKind kind : {ToolKind::Pointer, ToolKind::Command}) {
    for (const auto& tool : editTools()) {
      if (tool.kind != kind) continue;
      auto* action = menu->addAction(tool.menuText);
      action->setShortcut(QKeySequence(tool.shortcut));
      connect(action, &QAction::triggered, this, [this, &tool] {
        if (tool.kind == ToolKind::Pointer) return editor_->setTool(tool.id);
        ToolContext context{*session_, *editor_, slices_[0]->frame().normalAxis};
        tool.run(context);
      });
    }
    menu->addSeparator();
  }
}

void MainWindow::buildStatusBar() {
  position_ = new QLabel;
  position_->setObjectName("positionLabel");
  position_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  position_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  progress_ = new QProgressBar;
  progress_->setMaximumWidth(180);
  progress_->hide();
  statusBar()->addPermanentWidget(messages_, 1);
  statusBar()->addPermanentWidget(position_, 1);
  statusBar()->addPermanentWidget(progress_);
}

void MainWindow::connectSession() {
  connect(session_, &CaseSession::caseLoading, this, [this] {
    progress_->setRange(0, 0);
    progress_->show();
    position_->clear();
    messages_->showMessage(tr("Loading case..."));
  });
  connect(session_, &CaseSession::caseClosed, this, [this] {
    position_->clear();
    refreshVersionInfo();
  });
  connect(session_, &CaseSession::caseLoaded, this, &MainWindow::onCaseLoaded);
  connect(session_, &CaseSession::loadFailed, this, [this](const QString& message) {
    progress_->hide();
    shownCaseId_ = 0;
    showError(tr("Cannot open case"), message);
  });
  connect(session_, &CaseSession::versionChanged, this, [this] {
    refreshVersionInfo();
    reloadCases();
  });
  connect(surfaces_, &SurfaceController::surfacesReady, this, [this] { progress_->hide(); });
}

void MainWindow::showError(const QString& title, const QString& message) {
  ++errorsShown_;
  messages_->showError(title + ": " + message);
  auto* box = new QMessageBox(QMessageBox::Critical, title, message, QMessageBox::Ok, this);
  box->setObjectName("errorDialog");
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setWindowModality(Qt::WindowModal);
  box->show();
}

bool MainWindow::openProject(const QString& folder) {
  if (!confirmDiscard()) return false;
  try {
    session_->openProject(folder);
    cases_->reload(session_->project());
  } catch (const std::exception& error) {
    showError(tr("Cannot open project"), QString::fromUtf8(error.what()));
    forgetProject(folder);
    return false;
  }
  shownCaseId_ = 0;
  session_->setUserName(userNameFor(folder));
  training_->setBackend(backendFactory_ ? backendFactory_(folder) : nullptr);
  trainingPanel_->refreshCases();
  setWindowTitle(
      tr("VoxSiam Studio - %1").arg(QString::fromStdString(session_->project().title())));
  rememberProject(folder);
  messages_->showMessage(tr("Opened project %1 (%2)")
                             .arg(QString::fromStdString(session_->project().title()))
                             .arg(countText(cases_->rowCount(), tr("case"), tr("cases"))));
  if (cases_->rowCount() > 0) table_->selectRow(0);
  offerResume();
  return true;
}

void MainWindow::offerResume() {
  if (!training_->available() || resumePolicy_ == ResumePolicy::Never) return;
  std::vector<long long> runs;
  try {
    runs = training_->backend()->resumableRuns();
  } catch (const std::exception& error) {
    showError(tr("Cannot read the training runs"), QString::fromUtf8(error.what()));
    return;
  }
  if (runs.empty()) return;
  const long long run = runs.back();
  if (resumePolicy_ == ResumePolicy::Ask &&
      QMessageBox::question(this, tr("Interrupted training"),
                            tr("Training run %1 was interrupted. Continue it from its last "
                               "checkpoint?")
                                .arg(run)) != QMessageBox::Yes)
    return;
  showTab(tr("Training"));
  training_->resume(run);
}

void MainWindow::showFeatureSpace(bool visible) {
  featureDock_->setVisible(visible);
  if (visible) embeddingPanel_->refreshModels();
  fitIntoScreen();
}

void MainWindow::fitIntoScreen() {
  if (!screen() || isMaximized() || isFullScreen()) return;
  const QRect available = screen()->availableGeometry();
  const QSize frameExtra = frameGeometry().size() - geometry().size();
  const QSize limit = available.size() - frameExtra;
  if (width() <= limit.width() && height() <= limit.height()) return;
  resize(std::min(width(), limit.width()), std::min(height(), limit.height()));
  move(std::max(available.left(), x()), std::max(available.top(), y()));
}

void MainWindow::showTab(const QString& name) {
  for (int index = 0; index < tabs_->count(); ++index) {
    if (tabs_->tabText(index) == name) tabs_->setCurrentIndex(index);
  }
}

void MainWindow::reloadCases() {
  if (!session_->hasProject()) return;
  const long long current = shownCaseId_;
  try {
    cases_->reload(session_->project());
  } catch (const std::exception& error) {
    showError(tr("Cannot read the project"), QString::fromUtf8(error.what()));
    return;
  }
  const int row = cases_->rowOf(current);
  if (row < 0) return;
  const QModelIndex index = filter_->mapFromSource(cases_->index(row, 0));
  table_->selectionModel()->blockSignals(true);
  table_->setCurrentIndex(index);
  table_->selectionModel()->blockSignals(false);
}

bool MainWindow::selectCase(const QString& name) {
  const int row = cases_->rowOf(name);
  if (row < 0) {
    showError(tr("No such case"), tr("The project has no case called %1").arg(name));
    return false;
  }
  table_->setCurrentIndex(filter_->mapFromSource(cases_->index(row, 0)));
  return true;
}

void MainWindow::onCaseActivated(const QModelIndex& index) {
  if (!index.isValid()) return;
  const long long caseId = filter_->data(index, CaseTableModel::kCaseIdRole).toLongLong();
  if (caseId == shownCaseId_) return;
  if (!confirmDiscard()) {
    reloadCases();
    return;
  }
  shownCaseId_ = caseId;
  session_->loadCaseAsync(caseId);
}

void MainWindow::onCaseLoaded() {
  if (session_->caseData().caseId != shownCaseId_) {
    shownCaseId_ = session_->caseData().caseId;
    reloadCases();
  }
  messages_->showMessage(
      tr("Case %1 loaded").arg(QString::fromStdString(session_->caseData().name)));
  progress_->setRange(0, 0);
  tools_->setInterpolationAxis(slices_[0]->frame().normalAxis);
  refreshVersionInfo();
  emit caseShown();
}

namespace {

QString sourceText(const storage::repository::LabelVersionInfo& version) {
  if (version.source == storage::LabelSource::Model)
    return QObject::tr("model %1").arg(version.modelId.value_or(0));
  return QString::fromStdString(storage::toString(version.source));
}

}  // namespace

void MainWindow::fillVersionPicker() {
  versionPicker_->blockSignals(true);
  versionPicker_->clear();
  if (session_->hasCase()) {
    const auto& data = session_->caseData();
    for (const auto& version : data.versions) {
      versionPicker_->addItem(
          tr("%1 · %2 · %3 · %4, %5")
              .arg(session_->versionNumber(version.id))
              .arg(QString::fromStdString(storage::toString(version.status)).replace('_', ' '))
              .arg(sourceText(version))
              .arg(QString::fromStdString(version.author))
              .arg(QString::fromStdString(version.createdAt).left(16).replace('T', ' ')),
          version.id);
      if (data.version && data.version->id == version.id)
        versionPicker_->setCurrentIndex(versionPicker_->count() - 1);
    }
  }
  versionPicker_->setEnabled(versionPicker_->count() > 0);
  versionPicker_->blockSignals(false);
}

void MainWindow::onVersionPicked(int index) {
  const long long id = versionPicker_->itemData(index).toLongLong();
  if (!session_->hasCase() ||
      (session_->caseData().version && session_->caseData().version->id == id))
    return;
  if (!confirmDiscard()) {
    fillVersionPicker();
    return;
  }
  try {
    session_->showVersion(id);
    messages_->showMessage(tr("Showing label version %1 of %2")
                               .arg(session_->versionNumber(id))
                               .arg(QString::fromStdString(session_->caseData().name)));
  } catch (const std::exception& error) {
    showError(tr("Cannot show the label version"), QString::fromUtf8(error.what()));
    fillVersionPicker();
  }
}

void MainWindow::updateReviewButtons() {
  const bool open = session_->hasCase();
  const bool unsaved = open && session_->modified();
  saveButton_->setEnabled(unsaved);
  const auto version = open ? session_->caseData().version : std::nullopt;
  for (const auto& [button, status] : reviewButtons_) {
    const auto target = storage::ReviewStatus(status);
    const bool allowed = version && storage::transitionAllowed(version->status, target);
    const bool afterSaving = unsaved && target != storage::ReviewStatus::Rejected;
    button->setEnabled(open && (allowed || afterSaving));
  }
}

void MainWindow::refreshVersionInfo() {
  fillVersionPicker();
  updateReviewButtons();
  if (!session_->hasCase()) {
    versionInfo_->setText(tr("No case open"));
    return;
  }
  const auto& data = session_->caseData();
  QString text = tr("<b>%1</b><br>").arg(QString::fromStdString(data.name));
  if (data.version) {
    const auto& version = *data.version;
    text += tr("version %1 of %6 · %2 · %3<br>by %4, %5")
                .arg(session_->versionNumber(version.id))
                .arg(QString::fromStdString(storage::toString(version.status)).replace('_', ' '))
                .arg(sourceText(version))
                .arg(QString::fromStdString(version.author))
                .arg(QString::fromStdString(version.createdAt).left(16).replace('T', ' '))
                .arg(data.versions.size());
  } else {
    text += tr("no label version yet");
  }
  text += session_->modified() ? tr("<br><font color='#d08000'>unsaved changes</font>")
                               : tr("<br><font color='#808080'>no unsaved changes</font>");
  versionInfo_->setText(text);
}

void MainWindow::onHover(const std::array<std::size_t, 3>& voxel) {
  if (!session_->hasCase()) return;
  const auto& image = session_->caseData().image;
  const auto point =
      image.geometry().indexToPhysical({double(voxel[0]), double(voxel[1]), double(voxel[2])});
  const auto label = session_->labels().at(voxel[0], voxel[1], voxel[2]);
  const QString organ =
      label ? QString::fromStdString(session_->scheme().nameOf(label)) : tr("none");
  position_->setText(tr("voxel (%1, %2, %3)   LPS (%4, %5, %6) mm   %7 HU   organ: %8")
                         .arg(voxel[0])
                         .arg(voxel[1])
                         .arg(voxel[2])
                         .arg(point[0], 0, 'f', 1)
                         .arg(point[1], 0, 'f', 1)
                         .arg(point[2], 0, 'f', 1)
                         .arg(double(image.at(voxel[0], voxel[1], voxel[2])), 0, 'f', 0)
                         .arg(organ));
}

void MainWindow::save() {
  if (!session_->hasCase()) return;
  try {
    const long long id = session_->save();
    messages_->showMessage(tr("Saved label version %1 of %2")
                               .arg(session_->versionNumber(id))
                               .arg(QString::fromStdString(session_->caseData().name)));
  } catch (const std::exception& error) {
    showError(tr("Cannot save"), QString::fromUtf8(error.what()));
  }
}

void MainWindow::review(int status) {
  if (!session_->hasCase()) return;
  QString note;
  if (storage::ReviewStatus(status) == storage::ReviewStatus::Approved && !confirmApproval(note))
    return;
  try {
    if (session_->modified()) session_->save();
    session_->setReviewStatus(storage::ReviewStatus(status), note);
    messages_->showMessage(
        tr("%1: version %2 is now %3")
            .arg(QString::fromStdString(session_->caseData().name))
            .arg(session_->versionNumber(session_->caseData().version->id))
            .arg(QString::fromStdString(storage::toString(storage::ReviewStatus(status)))
                     .replace('_', ' ')));
  } catch (const std::exception& error) {
    showError(tr("Cannot change the review status"), QString::fromUtf8(error.what()));
  }
}

bool MainWindow::confirmApproval(QString& note) {
  if (!confirmApprovals_) return true;
  QInputDialog dialog(this);
  dialog.setObjectName("approveDialog");
  dialog.setWindowTitle(tr("Approve labels"));
  dialog.setLabelText(
      tr("Approve the labels of %1 as %2? Approved labels train the next model.\n\nNote "
         "(optional):")
          .arg(QString::fromStdString(session_->caseData().name), session_->author()));
  dialog.setOkButtonText(tr("Approve"));
  if (dialog.exec() != QDialog::Accepted) return false;
  note = dialog.textValue().trimmed();
  return true;
}

QString MainWindow::userNameFor(const QString& folder) {
  if (!fixedUserName_.isEmpty()) return fixedUserName_;
  QSettings settings;
  const QString key = "userNames/" + QString(folder).replace('/', '|');
  const QString stored = settings.value(key).toString().trimmed();
  if (!stored.isEmpty() || !askUserName_)
    return stored.isEmpty() ? CaseSession::loginName() : stored;
  QInputDialog dialog(this);
  dialog.setObjectName("userNameDialog");
  dialog.setWindowTitle(tr("Your name"));
  dialog.setLabelText(tr("Name recorded as author and reviewer of the labels in this project:"));
  const QString last = settings.value("lastUserName").toString();
  dialog.setTextValue(last.isEmpty() ? CaseSession::loginName() : last);
  const bool given = dialog.exec() == QDialog::Accepted && !dialog.textValue().trimmed().isEmpty();
  const QString name = given ? dialog.textValue().trimmed() : CaseSession::loginName();
  if (given) {
    settings.setValue(key, name);
    settings.setValue("lastUserName", name);
  }
  return name;
}

bool MainWindow::confirmDiscard() {
  if (!session_->modified() || !askBeforeDiscarding_) return true;
  const auto answer = QMessageBox::question(
      this, tr("Unsaved changes"),
      tr("The labels of %1 have unsaved changes. Save them as a new version?")
          .arg(QString::fromStdString(session_->caseData().name)),
      QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
  if (answer == QMessageBox::Cancel) return false;
  if (answer == QMessageBox::Save) save();
  return true;
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (confirmDiscard()) {
    training_->stopForLater();
    event->accept();
  } else {
    event->ignore();
  }
}

ImportDialog* MainWindow::openImportDialog(const QStringList& paths) {
  if (!session_->hasProject()) {
    messages_->showMessage(tr("Open or create a project before importing"));
    return nullptr;
  }
  auto* dialog = new ImportDialog(session_->projectFolder(), session_->author(), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &ImportDialog::imported, this, [this](int cases) {
    reloadCases();
    trainingPanel_->refreshCases();
    messages_->showMessage(tr("Imported %1").arg(countText(cases, tr("case"), tr("cases"))));
    if (!session_->hasCase() && cases_->rowCount() > 0) table_->selectRow(0);
  });
  if (!paths.isEmpty()) dialog->addPaths(paths);
  dialog->show();
  return dialog;
}

void MainWindow::setSingleView(QWidget* view) {
  singleView_ = view;
  for (QWidget* each : {static_cast<QWidget*>(slices_[0]), static_cast<QWidget*>(slices_[1]),
                        static_cast<QWidget*>(slices_[2]), static_cast<QWidget*>(surface_)})
    each->setVisible(!view || each == view);
  messages_->showMessage(view ? tr("One view: double click it again for all four views")
                              : tr("All four views"));
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() == QEvent::MouseButtonDblClick && watched != table_->viewport()) {
    auto* view = qobject_cast<QWidget*>(watched);
    setSingleView(singleView_ == view ? nullptr : view);
    return true;
  }
  if (watched != table_->viewport()) return QMainWindow::eventFilter(watched, event);
  if (event->type() == QEvent::DragEnter || event->type() == QEvent::DragMove) {
    auto* drag = static_cast<QDragMoveEvent*>(event);
    if (!drag->mimeData()->hasUrls()) return false;
    drag->acceptProposedAction();
    return true;
  }
  if (event->type() == QEvent::Drop) {
    auto* drop = static_cast<QDropEvent*>(event);
    QStringList paths;
    for (const QUrl& url : drop->mimeData()->urls()) {
      if (url.isLocalFile()) paths << url.toLocalFile();
    }
    drop->acceptProposedAction();
    if (!paths.isEmpty()) openImportDialog(paths);
    return true;
  }
  return false;
}

void MainWindow::newProject() {
  const QString folder = QFileDialog::getSaveFileName(
      this, tr("New project: name a new folder (or choose an empty one)"),
      QDir::home().filePath("voxsiam-project"), QString(), nullptr,
      QFileDialog::ShowDirsOnly | QFileDialog::DontConfirmOverwrite);
  if (folder.isEmpty()) return;
  bool given = false;
  const QString title = QInputDialog::getText(this, tr("New project"), tr("Title:"),
                                              QLineEdit::Normal, QDir(folder).dirName(), &given);
  if (!given) return;
  const QString scheme = QInputDialog::getItem(this, tr("New project"), tr("Organ label scheme:"),
                                               ProjectFiles::schemeNames(), 0, false, &given);
  if (!given) return;
  try {
    ProjectFiles::create(folder, title, scheme);
  } catch (const std::exception& error) {
    showError(tr("Cannot create the project"), QString::fromUtf8(error.what()));
    return;
  }
  if (openProject(folder)) openImportDialog();
}

void MainWindow::exportShownCase() {
  if (!session_->hasCase()) {
    messages_->showMessage(tr("Open a case to export it"));
    return;
  }
  const QString folder = QFileDialog::getExistingDirectory(this, tr("Export the case to"));
  if (folder.isEmpty()) return;
  const auto& data = session_->caseData();
  try {
    const QStringList files = ProjectFiles::exportCase(
        session_->projectFolder(), QString::fromStdString(data.name),
        data.version ? std::optional<long long>(data.version->id) : std::nullopt, folder);
    messages_->showMessage(tr("Wrote %1").arg(files.join(", ")));
  } catch (const std::exception& error) {
    showError(tr("Cannot export the case"), QString::fromUtf8(error.what()));
  }
}

void MainWindow::exportApprovedCases() {
  if (!session_->hasProject()) return;
  const QString folder =
      QFileDialog::getExistingDirectory(this, tr("Export the approved cases (nnU-Net layout) to"));
  if (folder.isEmpty()) return;
  try {
    const QStringList names = ProjectFiles::exportApproved(session_->projectFolder(), folder);
    messages_->showMessage(
        tr("Exported %1 to %2")
            .arg(countText(int(names.size()), tr("approved case"), tr("approved cases")))
            .arg(folder));
  } catch (const std::exception& error) {
    showError(tr("Cannot export the cases"), QString::fromUtf8(error.what()));
  }
}

void MainWindow::showShortcuts() {
  QString html = "<table cellspacing=6>";
  for (const auto& tool : editTools())
    html += QString("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(tool.shortcut, tool.help);
  const char* rows[][2] = {
      {"[ and ]", "smaller and larger brush"},
      {"Ctrl+Z / Ctrl+Shift+Z", "undo / redo"},
      {"Ctrl+S", "save the labels as a new version"},
      {"Wheel, Up/Down, Page Up/Down", "next slice"},
      {"Ctrl+wheel, right drag", "zoom"},
      {"Middle drag", "pan"},
      {"Shift+left drag", "window and level"},
      {"Double click a view", "show that view alone; double click again for all four"},
      {"Ctrl+R", "reset the slice views"},
      {"Ctrl+T", "feature space (t-SNE)"},
      {"Ctrl+I", "import cases"},
      {"Ctrl+O / Ctrl+N", "open / new project"},
      {"Home (3-D view)", "turn the 3-D view back to the front"},
      {"Up / Down in the case list", "previous / next case"}};
  for (const auto& row : rows)
    html += QString("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(row[0], tr(row[1]));
  html += "</table>";
  auto* box = new QMessageBox(QMessageBox::NoIcon, tr("Keyboard shortcuts"), html,
                              QMessageBox::Close, this);
  box->setObjectName("shortcutsDialog");
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->show();
}

void MainWindow::showAbout() {
  QMessageBox::about(
      this, tr("About VoxSiam Studio"),
      tr("<b>VoxSiam Studio</b><p>Review and correct abdominal organ segmentations of CT, retrain "
         "a 3-D U-Net with the voxel-level Siamese representation loss on this computer, and "
         "explore the learned voxel features as t-SNE plots.</p><p>Built with Qt %1, VTK, ITK, "
         "LibTorch and SQLite.</p>")
          .arg(QT_VERSION_STR));
}

void MainWindow::chooseProject() {
  const QString folder = QFileDialog::getExistingDirectory(this, tr("Open project folder"));
  if (!folder.isEmpty()) openProject(folder);
}

void MainWindow::forgetProject(const QString& folder) {
  QSettings settings;
  QStringList recent = settings.value("recentProjects").toStringList();
  recent.removeAll(folder);
  settings.setValue("recentProjects", recent);
}

void MainWindow::rememberProject(const QString& folder) {
  QSettings settings;
  QStringList recent = settings.value("recentProjects").toStringList();
  recent.removeAll(folder);
  recent.prepend(folder);
  settings.setValue("recentProjects", recent.mid(0, 8));
}

void MainWindow::saveScreenshotWhenReady(const QString& path) {
  setAskBeforeDiscarding(false);
  setAskUserName(false);
  auto* poll = new QTimer(this);
  QElapsedTimer elapsed;
  elapsed.start();
  connect(poll, &QTimer::timeout, this, [this, poll, elapsed, path] {
    const bool ready = !session_->loading() && !surfaces_->busy() &&
                       (session_->hasCase() || cases_->rowCount() == 0 || errorsShown_ > 0);
    if (!ready && elapsed.elapsed() < 120000) return;
    poll->stop();
    QApplication::processEvents();
    const bool saved = grab().save(path);
    if (errorsShown_ > 0)
      std::fprintf(stderr, "voxsiam-studio: %s\n", qPrintable(messages_->text().section("  ", 1)));
    QApplication::exit(saved && errorsShown_ == 0 ? 0 : 1);
  });
  poll->start(200);
}

}  // namespace voxsiam::ui
