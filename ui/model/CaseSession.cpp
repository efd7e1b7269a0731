#include "ui/model/CaseSession.h"

#include <QDir>

#include "storage/StorageError.h"
#include "storage/repository/CaseRepository.h"
#include "storage/repository/CorrectionRepository.h"
#include "storage/repository/LabelVersionRepository.h"
#include "storage/repository/MetricsRepository.h"
#include "storage/repository/RunCases.h"
#include "storage/repository/TrainingRunRepository.h"
#include "storage/repository/UncertaintyRepository.h"
#include "storage/services/CorrectionEffort.h"
#include "storage/services/LabelVersionService.h"
#include "storage/services/ReviewCarryOver.h"
#include "storage/services/TrainableOrgans.h"

#include <set>

namespace voxsiam::ui {
namespace {

/// The voxel at the centre of the labelled voxels (the image centre when there are none), so
/// that a case opens on its organs.
std::array<std::size_t, 3> labelCentre(const image::LabelMap& labels) {
  const auto& size = labels.size();
  double sum[3] = {0, 0, 0};
  std::size_t count = 0, index = 0;
  for (std::size_t k = 0; k < size[2]; ++k)
    for (std::size_t j = 0; j < size[1]; ++j)
      for (std::size_t i = 0; i < size[0]; ++i, ++index) {
        if (labels[index] == 0) continue;
        sum[0] += double(i), sum[1] += double(j), sum[2] += double(k);
        ++count;
      }
  if (count == 0) return {size[0] / 2, size[1] / 2, size[2] / 2};
  return {std::size_t(sum[0] / double(count)), std::size_t(sum[1] / double(count)),
          std::size_t(sum[2] / double(count))};
}

}  // namespace

CaseSession::CaseSession(QObject* parent) : QObject(parent) {
  qRegisterMetaType<LabelsChange>();
  const auto& preset = windowPresets().front();
  appearance_.window = preset.window;
  appearance_.level = preset.level;
}

CaseSession::~CaseSession() = default;

const std::vector<WindowPreset>& CaseSession::windowPresets() {
  static const std::vector<WindowPreset> presets = {
      {"Abdomen", 450, 25}, {"Liver", 160, 70}, {"Bone", 1800, 400}, {"Lung", 1500, -600}};
  return presets;
}

QString CaseSession::loginName() {
  for (const char* variable : {"USER", "LOGNAME"}) {
    const QString name = qEnvironmentVariable(variable).trimmed();
    if (!name.isEmpty()) return name;
  }
  const QString home = QDir::home().dirName();
  return home.isEmpty() || home == "/" ? QStringLiteral("studio user") : home;
}

QString CaseSession::author() const {
  return userName_.isEmpty() ? loginName() : userName_;
}

void CaseSession::setUserName(const QString& name) {
  userName_ = name.trimmed();
}

void CaseSession::openProject(const QString& folder) {
  auto project = std::make_unique<storage::Project>(folder.toStdString());
  auto scheme = std::make_unique<image::LabelScheme>(project->scheme());
  loader_.discard();
  closeCase();
  project_ = std::move(project);
  scheme_ = std::move(scheme);
  appearance_.colors.assign(scheme_->maxId() + 1u, {200, 200, 200});
  appearance_.visible.assign(scheme_->maxId() + 1u, true);
  for (const auto& entry : scheme_->entries()) appearance_.colors[entry.id] = entry.color;
  emit projectOpened();
}

QString CaseSession::projectFolder() const {
  return project_ ? QString::fromStdString(project_->folder().string()) : QString();
}

void CaseSession::loadCaseAsync(long long caseId, std::optional<std::array<std::size_t, 3>> cursor,
                                std::optional<long long> versionId) {
  if (!project_) return;
  pendingCursor_ = cursor;
  const std::string folder = project_->folder().string();
  emit caseLoading(caseId);
  loader_.replace(
      [folder, caseId, versionId] {
        return std::make_shared<CaseData>(loadCase(folder, caseId, versionId));
      },
      [this](TaskOutcome<std::shared_ptr<CaseData>> outcome) {
        finishLoading(std::move(outcome));
      });
}

void CaseSession::closeCase() {
  editor_.reset();
  case_.reset();
  highlighted_.clear();
  outline_.reset();
  uncertainty_.reset();
  emit caseClosed();
}

void CaseSession::finishLoading(TaskOutcome<std::shared_ptr<CaseData>> outcome) {
  if (!outcome.result) {
    closeCase();
    emit loadFailed(outcome.error);
    return;
  }
  case_ = std::make_unique<CaseData>(std::move(**outcome.result));
  editor_ = std::make_unique<edit::LabelEditor>(std::move(case_->labels), &case_->image);
  case_->labels = image::LabelMap();
  cursor_ = labelCentre(editor_->labels());
  const auto& size = case_->image.size();
  if (pendingCursor_ && (*pendingCursor_)[0] < size[0] && (*pendingCursor_)[1] < size[1] &&
      (*pendingCursor_)[2] < size[2])
    cursor_ = *pendingCursor_;
  pendingCursor_.reset();
  highlighted_.clear();
  outline_.reset();
  uncertainty_.reset();
  resetAnnotatedForSave();
  editingSince_.reset();
  takenFromDrafts_.clear();
  emit caseLoaded();
}

std::set<std::uint16_t> CaseSession::shownAnnotated() const {
  if (case_ && case_->version && case_->version->annotated)
    return {case_->version->annotated->begin(), case_->version->annotated->end()};
  std::set<std::uint16_t> all;
  for (const auto& entry : scheme_->entries()) all.insert(entry.id);
  return all;
}

void CaseSession::resetAnnotatedForSave() {
  annotatedForSave_ = shownAnnotated();
}

bool CaseSession::modified() const {
  if (!editor_) return false;
  return editor_->modified() || annotatedForSave_ != shownAnnotated();
}

void CaseSession::setAnnotatedForSave(std::uint16_t organ, bool annotated) {
  if (annotated) {
    annotatedForSave_.insert(organ);
  } else {
    annotatedForSave_.erase(organ);
  }
  emit annotationChanged();
}

void CaseSession::showVersion(long long versionId) {
  if (!case_) return;
  storage::repository::LabelVersionRepository versions(project_->connection());
  const auto info = versions.info(versionId);
  if (info.caseId != case_->caseId)
    throw storage::StorageError(
        case_->name, "label version " + std::to_string(versionId) + " belongs to another case");
  image::LabelMap labels = versions.load(versionId);
  if (!labels.geometry().sameGrid(case_->image.geometry()))
    throw storage::StorageError(case_->name, "label version grid differs from the image");
  editor_ = std::make_unique<edit::LabelEditor>(std::move(labels), &case_->image);
  case_->version = info;
  resetAnnotatedForSave();
  editingSince_.reset();
  takenFromDrafts_.clear();
  emit caseLoaded();
  emit versionChanged();
}

void CaseSession::reloadVersions() {
  if (!case_) return;
  storage::repository::LabelVersionRepository versions(project_->connection());
  case_->versions = versions.forCase(case_->caseId);
  if (case_->version) case_->version = versions.info(case_->version->id);
  emit versionChanged();
}

int CaseSession::versionNumber(long long versionId) const {
  if (!case_) return 0;
  for (std::size_t index = 0; index < case_->versions.size(); ++index) {
    if (case_->versions[index].id == versionId) return int(index) + 1;
  }
  return 0;
}

void CaseSession::setOutline(std::optional<image::LabelMap> labels, const QString& caption) {
  if (labels && (!case_ || !labels->geometry().sameGrid(case_->image.geometry()))) labels.reset();
  outline_ = std::move(labels);
  outlineCaption_ = outline_ ? caption : QString();
  emit outlineChanged();
}

void CaseSession::noteTakenFromDraft(std::uint16_t organ, long long draftVersionId) {
  takenFromDrafts_[organ] = draftVersionId;
}

void CaseSession::setUncertainty(std::optional<image::Volume> map) {
  if (map && (!case_ || !map->geometry().sameGrid(case_->image.geometry()))) map.reset();
  uncertainty_ = std::move(map);
  emit uncertaintyChanged();
}

std::optional<image::Volume> CaseSession::versionUncertainty(long long versionId) {
  return storage::repository::UncertaintyRepository(project_->connection()).get(versionId);
}

void CaseSession::setCursor(const std::array<std::size_t, 3>& voxel) {
  if (!hasCase() || voxel == cursor_) return;
  const auto& size = case_->image.size();
  for (int axis = 0; axis < 3; ++axis) {
    if (voxel[axis] >= size[axis]) return;
  }
  cursor_ = voxel;
  emit cursorChanged();
}

void CaseSession::setHighlighted(std::vector<std::array<std::size_t, 3>> voxels) {
  highlighted_ = std::move(voxels);
  emit highlightChanged();
}

void CaseSession::setWindowLevel(double window, double level) {
  appearance_.window = std::max(1.0, window);
  appearance_.level = level;
  emit appearanceChanged();
}

void CaseSession::setOpacity(double opacity) {
  appearance_.opacity = std::clamp(opacity, 0.0, 1.0);
  emit appearanceChanged();
}

void CaseSession::setOrganVisible(std::uint16_t label, bool visible) {
  if (label >= appearance_.visible.size()) return;
  appearance_.visible[label] = visible;
  emit appearanceChanged();
}

void CaseSession::announceLabelsChanged(const LabelsChange& change) {
  if (!editingSince_) editingSince_ = std::chrono::steady_clock::now();
  emit labelsChanged(change);
}

void CaseSession::announceLabelsChanged(const edit::LabelChange& change) {
  if (change.empty()) return;
  LabelsChange event;
  event.bounds = change.bounds(labels().geometry());
  const auto touched = change.labelsTouched();
  event.labels.assign(touched.begin(), touched.end());
  if (!editingSince_) editingSince_ = std::chrono::steady_clock::now();
  for (const std::uint16_t label : touched)
    if (label != 0 && scheme_->find(label)) annotatedForSave_.insert(label);
  emit labelsChanged(event);
}

long long CaseSession::save(const QString& note) {
  storage::repository::LabelVersionRepository versions(project_->connection());
  storage::repository::NewLabelVersion version;
  version.caseId = case_->caseId;
  if (case_->version) version.parentId = case_->version->id;
  version.schemeId = project_->schemeId();
  version.author = author().toStdString();
  version.note = note.toStdString();
  if (annotatedForSave_.size() < scheme_->entries().size())
    version.annotated.emplace(annotatedForSave_.begin(), annotatedForSave_.end());
  const long long id = storage::LabelVersionService(*project_).saveAndScore(version, labels(),
                                                                            storage::Scoring::Dice);
  if (case_->version)
    storage::carryOverUnchangedOrgans(versions, *case_->version, id, labels(), *scheme_,
                                      author().toStdString());
  if (editingSince_)
    storage::repository::CorrectionRepository(project_->connection())
        .recordEditTime(
            id, std::chrono::duration<double>(std::chrono::steady_clock::now() - *editingSince_)
                    .count());
  editingSince_.reset();
  storage::repository::CorrectionRepository corrections(project_->connection());
  for (const auto& [organ, draft] : takenFromDrafts_)
    corrections.recordDraftSource(id, organ, draft);
  takenFromDrafts_.clear();
  editor_->markSaved();
  case_->version = versions.info(id);
  case_->versions.push_back(*case_->version);
  resetAnnotatedForSave();
  emit versionChanged();
  return id;
}

std::vector<long long> CaseSession::caseIds() {
  std::vector<long long> ids;
  for (const auto& summary : storage::repository::CaseRepository(project_->connection()).list())
    ids.push_back(summary.id);
  return ids;
}

std::vector<TrainingCandidate> CaseSession::trainingCandidates() {
  storage::repository::LabelVersionRepository versions(project_->connection());
  std::set<long long> usedLastRun;
  for (const auto& run :
       storage::repository::TrainingRunRepository(project_->connection()).list()) {
    if (run.state != storage::RunState::Finished) continue;
    for (const auto& entry : storage::runCasesOf(run.config, run.folder))
      usedLastRun.insert(entry.labelVersionId);
    break;
  }
  std::vector<TrainingCandidate> candidates;
  for (const auto& summary : storage::repository::CaseRepository(project_->connection()).list()) {
    const auto approved = storage::trainingVersion(versions, summary.id, *scheme_);
    if (!approved) continue;
    const auto organs =
        storage::trainableOrgans(*approved, versions.organReviews(approved->id), *scheme_);
    candidates.push_back({summary.id, QString::fromStdString(summary.name),
                          !usedLastRun.empty() && !usedLastRun.count(approved->id),
                          int(organs.size())});
  }
  return candidates;
}

std::optional<long long> CaseSession::activeModelId() {
  return project_ ? project_->activeModelId() : std::nullopt;
}

void CaseSession::setActiveModel(long long modelId) {
  project_->setActiveModel(modelId);
  emit activeModelChanged();
}

std::optional<storage::repository::LabelVersionInfo> CaseSession::modelSuggestion() {
  if (!case_) return std::nullopt;
  const auto all =
      storage::repository::LabelVersionRepository(project_->connection()).forCase(case_->caseId);
  for (auto version = all.rbegin(); version != all.rend(); ++version) {
    if (version->source == storage::LabelSource::Model) return *version;
  }
  return std::nullopt;
}

image::LabelMap CaseSession::versionLabels(long long versionId) {
  return storage::repository::LabelVersionRepository(project_->connection()).load(versionId);
}

void CaseSession::setReviewStatus(storage::ReviewStatus status, const QString& note) {
  if (!case_ || !case_->version) {
    throw storage::StorageError(case_ ? case_->name : "", "no saved label version to review");
  }
  storage::repository::LabelVersionRepository versions(project_->connection());
  versions.setStatus(case_->version->id, status, author().toStdString(), note.toStdString());
  if (status == storage::ReviewStatus::Approved) {
    storage::repository::CorrectionRepository corrections(project_->connection());
    storage::recordCorrection(versions, corrections, case_->version->id);
  }
  case_->version = versions.info(case_->version->id);
  for (auto& version : case_->versions) {
    if (version.id == case_->version->id) version = *case_->version;
  }
  emit versionChanged();
}

void CaseSession::reviewOrgan(std::uint16_t organ, storage::ReviewStatus status,
                              const QString& note) {
  if (!case_ || !case_->version || modified())
    throw storage::StorageError(case_ ? case_->name : "",
                                "save the labels before reviewing single organs");
  storage::repository::LabelVersionRepository versions(project_->connection());
  versions.setOrganStatus(case_->version->id, organ, status, author().toStdString(),
                          note.toStdString());
  if (status == storage::ReviewStatus::Approved) {
    storage::repository::CorrectionRepository corrections(project_->connection());
    storage::recordCorrection(versions, corrections, case_->version->id);
  }
  emit versionChanged();
}

}  // namespace voxsiam::ui
