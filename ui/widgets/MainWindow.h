#pragma once
#include <QMainWindow>

#include <array>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

class QLabel;
class QProgressBar;
class QTableView;
class QComboBox;
class QPushButton;
class QTabWidget;
class QDockWidget;
class QMenu;

namespace voxsiam::ui {

class CaseSession;
class EditController;
class CaseTableModel;
class CaseStatusFilter;
class SliceView;
class SurfaceView;
class SurfaceController;
class ToolPanel;
class TrainingBackend;
class TrainingController;
class TrainingPanel;
class VersionBox;
class VoxelReadout;
class ProjectMenu;
class ModelsPanel;
class EmbeddingController;
class EmbeddingPanel;
class MessageArea;
class ImportDialog;
class UncertaintyReview;

/// The studio's main window: case browser on the left, axial / sagittal / coronal slices and the
/// 3-D view in the middle, tools and review on the right, position and values in the status bar.
class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  /// Opens a project folder; shows an error dialog (and keeps the current project) when it
  /// cannot be opened. Returns whether it opened.
  bool openProject(const QString& folder);
  /// Selects and loads the case called `name` (asks first when there are unsaved changes).
  bool selectCase(const QString& name);
  /// Nothing is loading or being built: the case and its surfaces are shown, the project has
  /// no case, or an error was shown.
  bool settled() const;
  /// Errors shown in dialogs since the window opened.
  int errorsShown() const { return errorsShown_; }

  CaseSession& session() { return *session_; }
  EditController& editController() { return *editor_; }
  SliceView& sliceView(int index) { return *slices_[std::size_t(index)]; }
  SurfaceView& surfaceView() { return *surface_; }
  SurfaceController& surfaceController() { return *surfaces_; }
  QTableView& caseTable() { return *table_; }
  /// When false, unsaved changes are discarded without asking (tests, --screenshot).
  void setAskBeforeDiscarding(bool ask) { askBeforeDiscarding_ = ask; }
  /// When false, the user name is not asked for when a project opens the first time (the login
  /// name is used; tests, --screenshot).
  void setAskUserName(bool ask) { askUserName_ = ask; }
  /// Records `name` as author and reviewer in every project, without asking (--user).
  void setUserName(const QString& name) { fixedUserName_ = name.trimmed(); }
  /// When false, Approve does not ask for confirmation and a note (tests).
  void setConfirmApprovals(bool confirm);

  /// Makes the training and prediction backend for a project folder (set by the application;
  /// without it the training panel is disabled).
  using BackendFactory = std::function<std::shared_ptr<TrainingBackend>(const QString& folder)>;
  void setBackendFactory(BackendFactory factory) { backendFactory_ = std::move(factory); }
  /// What to do with an interrupted training run when a project opens.
  enum class ResumePolicy { Ask, Always, Never };
  void setResumePolicy(ResumePolicy policy) { resumePolicy_ = policy; }
  TrainingController& training() { return *training_; }
  TrainingPanel& trainingPanel() { return *trainingPanel_; }
  ModelsPanel& modelsPanel() { return *modelsPanel_; }
  EmbeddingPanel& embeddingPanel() { return *embeddingPanel_; }
  /// The line that reports the outcome of actions (kept apart from the voxel readout).
  MessageArea& messages() { return *messages_; }
  /// Opens File > Import with `paths` (dropped or given) as sources; returns the dialog (it
  /// deletes itself when closed), or nullptr without a project.
  ImportDialog* openImportDialog(const QStringList& paths = {});
  /// Shows `view` (a slice view or the 3-D view) alone in the centre; nullptr: all four views.
  /// Double click on a view toggles it.
  void setSingleView(QWidget* view);
  /// The view shown alone, or nullptr when all four are shown.
  QWidget* singleView() const { return singleView_; }
  /// Shows or hides the feature-space explorer under the views.
  void showFeatureSpace(bool visible);
  /// The tabs of the right-hand panel, in their order.
  enum class SideTab { Review, Training, Models };
  /// Shows `tab` of the right-hand panel.
  void showTab(SideTab tab);

 signals:
  /// A case finished loading and is shown.
  void caseShown();

 protected:
  void closeEvent(QCloseEvent* event) override;
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void buildViews();
  void buildCaseBrowser();
  void buildToolDock();
  void buildActions();
  void buildStatusBar();
  /// The tool table's pointer tools, then its commands, as menu entries with their shortcuts.
  void addToolActions(QMenu* menu);
  void connectSession();
  void showError(const QString& title, const QString& message);
  /// Keeps the window within the screen's available area (e.g. after a dock was shown).
  void fitIntoScreen();
  bool confirmDiscard();
  void onCaseActivated(const QModelIndex& index);
  void onCaseLoaded();
  void reloadCases();
  QString userNameFor(const QString& folder);
  void offerResume();

  CaseSession* session_;
  EditController* editor_;
  CaseTableModel* cases_;
  CaseStatusFilter* filter_;
  QTableView* table_ = nullptr;
  QComboBox* statusFilter_ = nullptr;
  std::array<SliceView*, 3> slices_{};
  SurfaceView* surface_ = nullptr;
  SurfaceController* surfaces_ = nullptr;
  ToolPanel* tools_ = nullptr;
  VersionBox* versions_ = nullptr;
  UncertaintyReview* uncertainty_ = nullptr;
  ProjectMenu* projectMenu_ = nullptr;
  VoxelReadout* position_ = nullptr;
  QProgressBar* progress_ = nullptr;
  TrainingController* training_ = nullptr;
  MessageArea* messages_ = nullptr;
  TrainingPanel* trainingPanel_ = nullptr;
  ModelsPanel* modelsPanel_ = nullptr;
  EmbeddingController* embeddings_ = nullptr;
  EmbeddingPanel* embeddingPanel_ = nullptr;
  QDockWidget* featureDock_ = nullptr;
  QTabWidget* tabs_ = nullptr;
  BackendFactory backendFactory_;
  ResumePolicy resumePolicy_ = ResumePolicy::Ask;
  bool askBeforeDiscarding_ = true;
  bool askUserName_ = true;
  QString fixedUserName_;
  QWidget* singleView_ = nullptr;
  long long shownCaseId_ = 0;
  int errorsShown_ = 0;
};

}  // namespace voxsiam::ui
