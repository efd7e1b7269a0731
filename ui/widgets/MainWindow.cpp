#include "ui/widgets/MainWindow.h"

#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QGridLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "render/SurfaceExtractor.h"
#include "ui/model/CaseSession.h"
#include "ui/model/CaseTableModel.h"
#include "ui/model/CountText.h"
#include "ui/model/EditController.h"
#include "ui/model/EmbeddingController.h"
#include "ui/model/ModelAssist.h"
#include "ui/model/RecentProjects.h"
#include "ui/model/SurfaceController.h"
#include "ui/model/TrainingController.h"
#include "ui/model/UncertaintyReview.h"
#include "ui/widgets/CaseStatusDelegate.h"
#include "ui/widgets/EmbeddingPanel.h"
#include "ui/widgets/FileDropFilter.h"
#include "ui/widgets/HelpDialogs.h"
#include "ui/widgets/ImportDialog.h"
#include "ui/widgets/MessageArea.h"
#include "ui/widgets/ModelsPanel.h"
#include "ui/widgets/ProjectMenu.h"
#include "ui/widgets/ReviewAids.h"
#include "ui/widgets/Scrolled.h"
#include "ui/widgets/SliceView.h"
#include "ui/widgets/SurfaceView.h"
#include "ui/widgets/ToolPanel.h"
#include "ui/widgets/TrainingPanel.h"
#include "ui/widgets/VersionBox.h"
#include "ui/widgets/VoxelReadout.h"
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

bool MainWindow::settled() const {
  return !session_->loading() && !surfaces_->busy() &&
         (session_->hasCase() || cases_->rowCount() == 0 || errorsShown_ > 0);
}

void MainWindow::setConfirmApprovals(bool confirm) {
  versions_->setConfirmApprovals(confirm);
}

void MainWindow::buildViews() {
  auto* central = new QWidget;
  auto* grid = new QGridLayout(central);
  grid->setSpacing(3);
  grid->setContentsMargins(3, 3, 3, 3);
  slices_[0] = new SliceView(render::ViewOrientation::Axial, *session_, *editor_);
  slices_[1] = new SliceView(render::ViewOrientation::Sagittal, *session_, *editor_);
  slices_[2] = new SliceView(render::ViewOrientation::Coronal, *session_, *editor_);
  surface_ = new SurfaceView;
  surfaces_ = new SurfaceController(
      *session_,
      [](const image::LabelMap& labels, std::uint16_t label) {
        return render::extractOrganSurface(labels, label);
      },
      this);
  surface_->follow(*surfaces_);
  grid->addWidget(slices_[0], 0, 0);
  grid->addWidget(slices_[1], 0, 1);
  grid->addWidget(slices_[2], 1, 0);
  grid->addWidget(surface_, 1, 1);
  setCentralWidget(central);
  for (SliceView* view : slices_)
    connect(view, &SliceView::hovered, this,
            [this](const auto& voxel) { position_->showVoxel(voxel); });
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
  table_->setItemDelegateForColumn(CaseTableModel::Status, new CaseStatusDelegate(table_));
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setSortingEnabled(true);
  table_->sortByColumn(CaseTableModel::Name, Qt::AscendingOrder);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  connect(cases_, &QAbstractItemModel::modelReset, table_,
          [this] { table_->setColumnHidden(CaseTableModel::Study, !cases_->hasStudies()); });
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->setAlternatingRowColors(true);
  table_->setAcceptDrops(true);
  connect(new FileDropFilter(table_->viewport()), &FileDropFilter::dropped, this,
          [this](const QStringList& paths) { openImportDialog(paths); });
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

void MainWindow::buildToolDock() {
  auto* panel = new QWidget;
  auto* layout = new QVBoxLayout(panel);
  layout->setContentsMargins(0, 0, 0, 0);
  tools_ = new ToolPanel(*session_, *editor_);
  versions_ = new VersionBox(*session_);
  versions_->setDiscardCheck([this] { return confirmDiscard(); });
  connect(versions_, &VersionBox::message, messages_, &MessageArea::showMessage);
  connect(versions_, &VersionBox::failed, this, &MainWindow::showError);
  layout->addWidget(versions_);
  const ReviewAids aids = buildReviewAids(*session_, *messages_, this);
  uncertainty_ = aids.uncertainty;
  layout->addWidget(aids.uncertaintyBox);
  layout->addWidget(tools_);
  layout->addWidget(aids.statisticsBox);
  trainingPanel_ = new TrainingPanel(*session_, *training_);
  modelsPanel_ = new ModelsPanel(*session_, *editor_, *training_);
  tabs_ = new QTabWidget;
  tabs_->setObjectName("sideTabs");
  tabs_->addTab(scrolled(panel), tr("Review"));
  tabs_->addTab(scrolled(trainingPanel_), tr("Training"));
  tabs_->addTab(scrolled(modelsPanel_), tr("Models"));
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
    if (session_->hasCase()) versions_->refresh();
    uncertainty_->refresh();
  });
  connect(training_, &TrainingController::runFinished, this, &MainWindow::reloadCases);
}

void MainWindow::buildActions() {
  projectMenu_ = new ProjectMenu(*session_, *this);
  projectMenu_->fill(
      menuBar()->addMenu(tr("&File")), [this] { versions_->save(); },
      [this] { openImportDialog(); });
  connect(projectMenu_, &ProjectMenu::openRequested, this, &MainWindow::openProject);
  connect(projectMenu_, &ProjectMenu::projectCreated, this, [this](const QString& folder) {
    if (openProject(folder)) openImportDialog();
  });
  connect(projectMenu_, &ProjectMenu::message, messages_, &MessageArea::showMessage);
  connect(projectMenu_, &ProjectMenu::failed, this, &MainWindow::showError);
  auto* editMenu = menuBar()->addMenu(tr("&Edit"));
  auto* undo = editMenu->addAction(tr("&Undo"), QKeySequence::Undo, editor_, &EditController::undo);
  auto* redo = editMenu->addAction(tr("&Redo"), QKeySequence::Redo, editor_, &EditController::redo);
  redo->setShortcuts({QKeySequence::Redo, QKeySequence(Qt::CTRL | Qt::Key_Y)});
  auto updateHistory = [this, undo, redo] {
    undo->setEnabled(editor_->canUndo());
    redo->setEnabled(editor_->canRedo());
    versions_->refresh();
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
                  [this] { showShortcutsDialog(this); });
  help->addAction(tr("&About VoxSiam Studio"), this, [this] { showAboutDialog(this); });
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
  position_ = new VoxelReadout(*session_);
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
    messages_->showMessage(tr("Loading case..."));
  });
  connect(session_, &CaseSession::caseClosed, this, [this] { versions_->refresh(); });
  connect(session_, &CaseSession::caseLoaded, this, &MainWindow::onCaseLoaded);
  connect(session_, &CaseSession::loadFailed, this, [this](const QString& message) {
    progress_->hide();
    shownCaseId_ = 0;
    showError(tr("Cannot open case"), message);
  });
  connect(session_, &CaseSession::versionChanged, this, [this] {
    versions_->refresh();
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
    RecentProjects::forget(folder);
    return false;
  }
  shownCaseId_ = 0;
  session_->setUserName(userNameFor(folder));
  training_->setBackend(backendFactory_ ? backendFactory_(folder) : nullptr);
  editor_->modelAssist().setBackend([this] { return training_->backend(); });
  trainingPanel_->refreshCases();
  setWindowTitle(
      tr("VoxSiam Studio - %1").arg(QString::fromStdString(session_->project().title())));
  RecentProjects::remember(folder);
  messages_->showMessage(tr("Opened project %1 (%2)")
                             .arg(QString::fromStdString(session_->project().title()))
                             .arg(countText(cases_->rowCount(), tr("case"), tr("cases"))));
  table_->horizontalScrollBar()->setValue(0);
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
  showTab(SideTab::Training);
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

void MainWindow::showTab(SideTab tab) {
  tabs_->setCurrentIndex(int(tab));
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
  versions_->refresh();
  emit caseShown();
}

QString MainWindow::userNameFor(const QString& folder) {
  if (!fixedUserName_.isEmpty()) return fixedUserName_;
  const QString stored = RecentProjects::userName(folder);
  if (!stored.isEmpty() || !askUserName_)
    return stored.isEmpty() ? CaseSession::loginName() : stored;
  QInputDialog dialog(this);
  dialog.setObjectName("userNameDialog");
  dialog.setWindowTitle(tr("Your name"));
  dialog.setLabelText(tr("Name recorded as author and reviewer of the labels in this project:"));
  const QString last = RecentProjects::lastUserName();
  dialog.setTextValue(last.isEmpty() ? CaseSession::loginName() : last);
  const bool given = dialog.exec() == QDialog::Accepted && !dialog.textValue().trimmed().isEmpty();
  const QString name = given ? dialog.textValue().trimmed() : CaseSession::loginName();
  if (given) RecentProjects::rememberUserName(folder, name);
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
  if (answer == QMessageBox::Save) versions_->save();
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
  if (event->type() != QEvent::MouseButtonDblClick) return QMainWindow::eventFilter(watched, event);
  auto* view = qobject_cast<QWidget*>(watched);
  setSingleView(singleView_ == view ? nullptr : view);
  return true;
}

}  // namespace voxsiam::ui
