#include "ui/model/EmbeddingController.h"

#include <map>

#include "core/embed/EmbeddingQuality.h"
#include "storage/repository/CaseRepository.h"
#include "storage/repository/EmbeddingRepository.h"
#include "storage/repository/ModelRepository.h"
#include "storage/repository/VolumeRepository.h"
#include "ui/model/CaseSession.h"
#include "ui/model/TrainingController.h"

namespace voxsiam::ui {

EmbeddingController::EmbeddingController(CaseSession& session, TrainingController& training,
                                         QObject* parent)
    : QObject(parent), session_(session), training_(training) {}

EmbeddingController::~EmbeddingController() {
  cancel_ = true;
}

void EmbeddingController::compute(const std::vector<long long>& modelIds,
                                  EmbeddingRequest request) {
  TrainingBackend* backend = training_.backend();
  if (!backend || busy() || modelIds.empty()) return;
  cancel_ = false;
  job_.start(
      [this, backend, modelIds, request] { return embedOnWorker(backend, modelIds, request); },
      [this](const TaskOutcome<std::vector<long long>>& outcome) {
        if (outcome.result) {
          emit computed(*outcome.result);
        } else {
          emit failed(outcome.error);
        }
      });
}

std::vector<long long> EmbeddingController::embedOnWorker(TrainingBackend* backend,
                                                          std::vector<long long> modelIds,
                                                          EmbeddingRequest request) {
  std::vector<long long> ids;
  for (const long long model : modelIds) {
    request.modelId = model;
    const auto report = [this, model](const std::string& text) {
      const QString line = QString("model %1: %2").arg(model).arg(QString::fromStdString(text));
      job_.post([this, line] { emit progress(line); });
    };
    const long long id = backend->embed(request, report, cancel_);
    if (id == 0) break;
    ids.push_back(id);
  }
  return ids;
}

PlotData EmbeddingController::load(long long setId) {
  auto& connection = session_.project().connection();
  const auto set = storage::repository::EmbeddingRepository(connection).get(setId);
  storage::repository::CaseRepository cases(connection);
  std::map<long long, std::pair<QString, image::ImageGeometry>> caseInfo;
  PlotData data;
  data.setId = setId;
  data.modelId = set.modelId.value_or(0);
  const auto model = storage::repository::ModelRepository(connection).get(data.modelId);
  data.title = QString("model %1 (%2), %3")
                   .arg(data.modelId)
                   .arg(QString::fromStdString(model.name))
                   .arg(QString::fromStdString(set.layer));
  std::vector<double> xy;
  std::vector<int> organs;
  for (const auto& point : set.points) {
    if (!caseInfo.count(point.caseId)) {
      const auto record = cases.get(point.caseId);
      caseInfo[point.caseId] = {
          QString::fromStdString(record.name),
          *storage::repository::VolumeRepository(connection).geometry(record.imageHash)};
    }
    const auto& [name, grid] = caseInfo[point.caseId];
    const auto index = std::size_t(point.voxelIndex);
    data.points.push_back(
        {point.x, point.y, point.caseId, name, grid.voxelOf(index), point.organ, point.predicted});
    xy.insert(xy.end(), {point.x, point.y});
    organs.push_back(point.organ);
  }
  data.knnAccuracy = embed::knnAccuracy(xy, organs, 10);
  data.silhouette = embed::silhouette(xy, organs);
  return data;
}

void EmbeddingController::showPoint(const PlotPoint& point) {
  if (session_.hasCase() && session_.caseData().caseId == point.caseId) {
    session_.setCursor(point.voxel);
  } else {
    session_.loadCaseAsync(point.caseId, point.voxel);
  }
}

void EmbeddingController::highlight(const std::vector<PlotPoint>& points) {
  std::vector<std::array<std::size_t, 3>> voxels;
  for (const auto& point : points) {
    if (session_.hasCase() && point.caseId == session_.caseData().caseId)
      voxels.push_back(point.voxel);
  }
  session_.setHighlighted(std::move(voxels));
}

}  // namespace voxsiam::ui
