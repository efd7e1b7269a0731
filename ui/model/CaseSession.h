#pragma once
#include <QObject>
#include <QString>

#include <array>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "core/edit/LabelEditor.h"
#include "core/image/LabelScheme.h"
#include "core/image/SliceAppearance.h"
#include "storage/Project.h"
#include "storage/repository/ReviewStatus.h"
#include "ui/model/BackgroundJob.h"
#include "ui/model/CaseData.h"

namespace voxsiam::ui {

/// A named CT window.
struct WindowPreset {
  QString name;
  double window;
  double level;
};

/// An approved case that can train, and whether its approval is newer than the last run.
struct TrainingCandidate {
  long long caseId = 0;
  QString name;
  bool isNew = false;  ///< its approved labels were not used by the last finished run
  int organs = 0;      ///< organs that train (approved as a version or one by one)
};

/// What changed in the label map: the voxel box and the labels involved.
struct LabelsChange {
  std::array<std::size_t, 6> bounds{};  ///< min i, j, k, max i, j, k
  std::vector<std::uint16_t> labels;
  bool everything = false;  ///< a new case or version: redraw all
};

/// The studio's model of the open project and case (Qt Core only): the case being reviewed, its
/// label editor, the cursor, how slices are drawn, and saving and review of label versions.
/// Widgets read it and call it; it talks to storage and core, and announces changes by signals.
class CaseSession : public QObject {
  Q_OBJECT

 public:
  explicit CaseSession(QObject* parent = nullptr);
  ~CaseSession() override;

  /// Opens the project in `folder`. Throws StorageError (nothing changes then).
  void openProject(const QString& folder);
  bool hasProject() const { return project_ != nullptr; }
  storage::Project& project() { return *project_; }
  QString projectFolder() const;
  const image::LabelScheme& scheme() const { return *scheme_; }

  /// Loads case `caseId` on a worker thread; emits caseLoaded() or loadFailed(). With `cursor`,
  /// the crosshair goes to that voxel instead of the centre of the labels; with `versionId`, that
  /// label version is shown instead of the default (versionToShow).
  void loadCaseAsync(long long caseId,
                     std::optional<std::array<std::size_t, 3>> cursor = std::nullopt,
                     std::optional<long long> versionId = std::nullopt);
  /// Shows label version `versionId` of the shown case (unsaved changes are dropped; ask first);
  /// emits caseLoaded(). Throws StorageError when it cannot be read.
  void showVersion(long long versionId);
  /// Re-reads the version list of the shown case (versions added elsewhere, e.g. a prediction)
  /// without changing what is shown; emits versionChanged().
  void reloadVersions();
  /// The number of version `versionId` within its case (1 = its first), 0 when unknown.
  int versionNumber(long long versionId) const;
  bool loading() const { return loader_.running(); }
  /// Closes the shown case (its changes are dropped); emits caseClosed(). Also done when another
  /// project opens and when a case fails to load, so no view keeps another patient's data.
  void closeCase();
  bool hasCase() const { return editor_ != nullptr; }
  const CaseData& caseData() const { return *case_; }
  const image::LabelMap& labels() const { return editor_->labels(); }
  edit::LabelEditor& editor() { return *editor_; }

  /// The voxel under the crosshair.
  const std::array<std::size_t, 3>& cursor() const { return cursor_; }
  void setCursor(const std::array<std::size_t, 3>& voxel);

  /// Voxels of the shown case to mark in the slice views (e.g. chosen in the feature space).
  const std::vector<std::array<std::size_t, 3>>& highlighted() const { return highlighted_; }
  void setHighlighted(std::vector<std::array<std::size_t, 3>> voxels);

  const image::SliceAppearance& appearance() const { return appearance_; }
  void setWindowLevel(double window, double level);
  void setOpacity(double opacity);
  void setOrganVisible(std::uint16_t label, bool visible);
  /// Abdomen (-200..250 HU, the default), liver, bone, lung.
  static const std::vector<WindowPreset>& windowPresets();

  /// True when the labels, or which organs they annotate, have changes that are not saved.
  bool modified() const;
  /// Saves the labels as a new draft version (parent: the version shown), records its Dice to
  /// the newest approved version, and shows it; organs approved in the parent whose voxels did
  /// not change stay approved (storage::carryOverUnchangedOrgans). Returns its id. Throws
  /// StorageError.
  long long save(const QString& note = {});
  /// Moves the shown version to `status` (recording author and time). Throws StorageError.
  void setReviewStatus(storage::ReviewStatus status, const QString& note = {});
  /// Approves or rejects organ `organ` of the shown (saved) version on its own, recording author,
  /// time and note in the audit log; emits versionChanged(). Throws StorageError (unsaved
  /// changes, an organ the version does not annotate, another status).
  void reviewOrgan(std::uint16_t organ, storage::ReviewStatus status, const QString& note = {});
  /// Organs the next saved version will say it annotates: those of the shown version (all for a
  /// case without labels) plus every organ painted since; the rest are "not annotated" there.
  const std::set<std::uint16_t>& annotatedForSave() const { return annotatedForSave_; }
  /// Adds or removes organ `organ` from annotatedForSave() (the per-organ checkboxes); emits
  /// annotationChanged().
  void setAnnotatedForSave(std::uint16_t organ, bool annotated);
  /// Ids of all cases of the project, by name.
  std::vector<long long> caseIds();
  /// Cases with approved labels, by name.
  std::vector<TrainingCandidate> trainingCandidates();
  /// The model marked active (predictions use it; new runs start from it), if any.
  std::optional<long long> activeModelId();
  /// Marks model `modelId` active; emits activeModelChanged(). Throws StorageError.
  void setActiveModel(long long modelId);
  /// The newest version of the shown case made by a model, if any.
  std::optional<storage::repository::LabelVersionInfo> modelSuggestion();
  /// The voxels of label version `versionId`. Throws StorageError.
  image::LabelMap versionLabels(long long versionId);
  /// Who is recorded as author and reviewer: the name set for this project, else the login name.
  QString author() const;
  /// Sets the user name recorded as author and reviewer.
  void setUserName(const QString& name);
  /// The login name ($USER, $LOGNAME or the home folder's name).
  static QString loginName();

  /// Labels drawn as outlines over the shown labels (e.g. a model's prediction before any organ
  /// is taken from it), or nullptr.
  const image::LabelMap* outline() const { return outline_ ? &*outline_ : nullptr; }
  /// What the outline shows, for legends.
  const QString& outlineCaption() const { return outlineCaption_; }
  /// Shows `labels` (same grid as the case) as outlines; std::nullopt removes them.
  void setOutline(std::optional<image::LabelMap> labels, const QString& caption = {});

  /// Notes that organ `organ` of the labels was taken from model draft `draftVersionId`: the
  /// next saved version records it, so its correction counts towards that model's effort.
  void noteTakenFromDraft(std::uint16_t organ, long long draftVersionId);

  /// Per-voxel uncertainty (0..1, the case's grid) drawn over the slices, or nullptr.
  const image::Volume* uncertainty() const { return uncertainty_ ? &*uncertainty_ : nullptr; }
  /// Shows `map` (same grid as the case) as the uncertainty overlay; std::nullopt removes it;
  /// emits uncertaintyChanged(). Removed when the case closes or another case loads.
  void setUncertainty(std::optional<image::Volume> map);
  /// The uncertainty kept with version `versionId` (a model's draft), if any. Throws
  /// StorageError when it is damaged.
  std::optional<image::Volume> versionUncertainty(long long versionId);

  /// Called by the edit controller after the labels changed.
  void announceLabelsChanged(const edit::LabelChange& change);
  /// Called while a brush stroke is open: the region it may have painted so far.
  void announceLabelsChanged(const LabelsChange& change);

 signals:
  void projectOpened();
  void caseLoading(long long caseId);
  void caseLoaded();
  void loadFailed(const QString& message);
  /// No case is shown any more: views, tables and plots of the case must be cleared.
  void caseClosed();
  void labelsChanged(const voxsiam::ui::LabelsChange& change);
  void cursorChanged();
  void highlightChanged();
  void outlineChanged();
  void uncertaintyChanged();
  void appearanceChanged();
  /// The shown version or its status changed (save, review).
  void versionChanged();
  /// annotatedForSave() changed by setAnnotatedForSave (not by painting: labelsChanged).
  void annotationChanged();
  /// Another model was made active (by the user or after a run passed the regression gate).
  void activeModelChanged();

 private:
  void finishLoading(TaskOutcome<std::shared_ptr<CaseData>> outcome);
  /// annotatedForSave() as the shown version says (all organs without one).
  void resetAnnotatedForSave();
  /// The organs the shown version annotates (all without a version or a list).
  std::set<std::uint16_t> shownAnnotated() const;

  std::unique_ptr<storage::Project> project_;
  std::unique_ptr<image::LabelScheme> scheme_;
  std::set<std::uint16_t> annotatedForSave_;
  /// When the first change since the labels were loaded or saved was made (editing time).
  std::optional<std::chrono::steady_clock::time_point> editingSince_;
  std::unique_ptr<CaseData> case_;
  std::unique_ptr<edit::LabelEditor> editor_;
  std::array<std::size_t, 3> cursor_{};
  std::optional<std::array<std::size_t, 3>> pendingCursor_;
  std::vector<std::array<std::size_t, 3>> highlighted_;
  std::optional<image::LabelMap> outline_;
  std::optional<image::Volume> uncertainty_;
  std::map<std::uint16_t, long long> takenFromDrafts_;  ///< organ -> draft, since the last save
  QString outlineCaption_;
  QString userName_;
  image::SliceAppearance appearance_;
  /// Shared, so the image is not copied; last: destroyed (and waited for) first.
  BackgroundJob<std::shared_ptr<CaseData>> loader_;
};

}  // namespace voxsiam::ui

Q_DECLARE_METATYPE(voxsiam::ui::LabelsChange)
