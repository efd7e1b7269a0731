#include "ui/model/ModelAssist.h"

#include <chrono>

#include "core/image/LabelComponents.h"
#include "ui/model/CaseSession.h"
#include "ui/model/EditController.h"

namespace voxsiam::ui {

ModelAssist::ModelAssist(CaseSession& session, EditController& editor, QObject* parent)
    : QObject(parent), session_(session), editor_(editor) {
  connect(&session_, &CaseSession::caseLoaded, this, &ModelAssist::forget);
  connect(&session_, &CaseSession::caseClosed, this, &ModelAssist::forget);
  connect(&session_, &CaseSession::activeModelChanged, this, &ModelAssist::forget);
}

ModelAssist::~ModelAssist() {
  job_.discard();
}

void ModelAssist::setBackend(std::function<TrainingBackend*()> backend) {
  backend_ = std::move(backend);
}

void ModelAssist::forget() {
  job_.discard();
  prediction_.reset();
  pending_.reset();
  caseId_ = modelId_ = 0;
  setStatus({});
}

void ModelAssist::setStatus(const QString& status) {
  status_ = status;
  emit changed();
}

void ModelAssist::prepare() {
  if (prediction_ || job_.running()) return;
  TrainingBackend* backend = backend_ ? backend_() : nullptr;
  if (!session_.hasCase() || !backend) {
    setStatus(tr("Open a case of a project to use its model"));
    return;
  }
  const auto model = session_.activeModelId();
  if (!model) {
    setStatus(tr("No active model: train one or make one active in the Models tab"));
    return;
  }
  caseId_ = session_.caseData().caseId, modelId_ = *model;
  setStatus(tr("Model %1 is segmenting this case (once per case)...").arg(modelId_));
  editor_.report(status_);
  const auto started = std::chrono::steady_clock::now();
  job_.start(
      [backend, model = modelId_, caseId = caseId_] {
        return std::make_shared<const ModelSegmentation>(backend->segmentCase(model, caseId));
      },
      [this, started](TaskOutcome<std::shared_ptr<const ModelSegmentation>> outcome) {
        if (!outcome.result) {
          pending_.reset();
          setStatus(tr("The model could not segment this case: %1").arg(outcome.error));
          return;
        }
        prediction_ = *outcome.result;
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        setStatus(tr("Model %1's segmentation is ready (%2 s): click an organ to take it, "
                     "Shift+click to remove it")
                      .arg(modelId_)
                      .arg(seconds, 0, 'f', 1));
        editor_.report(status_);
        if (pending_) take(*std::exchange(pending_, std::nullopt));
      });
}

void ModelAssist::clickAt(const edit::VoxelIndex& voxel, bool remove) {
  if (prediction_) {
    take({voxel, remove});
    return;
  }
  pending_ = Click{voxel, remove};
  prepare();
}

void ModelAssist::take(const Click& click) {
  const image::LabelMap& model = prediction_->labels;
  const auto& grid = model.geometry();
  if (!session_.hasCase() || !grid.sameGrid(session_.labels().geometry())) return;
  const std::size_t start = grid.linearIndex(click.voxel[0], click.voxel[1], click.voxel[2]);
  const std::uint16_t organ = model[start];
  const std::uint16_t labelled = session_.labels()[start];
  if (organ == 0) {
    editor_.report(tr("The model sees no organ there"));
    return;
  }
  if (click.remove && labelled != organ) {
    editor_.report(
        labelled == 0
            ? tr("Nothing to remove there: the labels hold no organ at the click")
            : tr("The model sees %1 there, not %2: nothing removed (the eraser or the Islands "
                 "tool remove %2)")
                  .arg(QString::fromStdString(session_.scheme().nameOf(organ)),
                       QString::fromStdString(session_.scheme().nameOf(labelled))));
    return;
  }
  std::vector<unsigned char> visited(model.voxelCount(), 0);
  const auto region = image::regionAt(model, start, {0, 1, 2}, visited);
  const std::string name = session_.scheme().nameOf(organ);
  editor_.applyEdit((click.remove ? "remove the model's " : "take the model's ") + name,
                    [&](edit::ChangeRecorder& recorder) {
                      const auto& labels = recorder.labels();
                      for (std::size_t index : region) {
                        if (click.remove && labels[index] == organ) recorder.set(index, 0);
                        if (!click.remove && labels[index] == 0) recorder.set(index, organ);
                      }
                    });
}

}  // namespace voxsiam::ui
