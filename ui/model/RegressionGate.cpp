#include "ui/model/RegressionGate.h"

#include "ui/model/CaseSession.h"
#include "ui/model/TrainingController.h"

namespace voxsiam::ui {

RegressionGate::RegressionGate(CaseSession& session, TrainingController& training, QObject* parent)
    : QObject(parent), session_(session), training_(training) {
  qRegisterMetaType<GateReport>();
  connect(&training_, &TrainingController::modelTrained, this, &RegressionGate::check);
}

RegressionGate::~RegressionGate() {
  cancel_ = true;
}

void RegressionGate::check(long long newModel) {
  const auto active = session_.activeModelId();
  const auto backend = training_.sharedBackend();
  if (!active || *active == newModel || !backend) return;
  cancel_ = false;
  const long long activeModel = *active;
  const bool started =
      job_.start([this, backend, activeModel,
                  newModel] { return backend->compareModels(activeModel, newModel, cancel_); },
                 [this](TaskOutcome<GateReport> outcome) {
                   if (outcome.result) {
                     emit reportReady(*outcome.result);
                   } else {
                     emit failed(outcome.error);
                   }
                 });
  if (started) emit checking(activeModel, newModel);
}

std::vector<std::pair<std::string, double>> RegressionGate::regressed(
    const GateReport& report) const {
  std::vector<std::pair<std::string, double>> organs;
  for (const auto& organ : report.organs) {
    if (!organ.diceActive || !organ.diceNew) continue;
    const double change = *organ.diceNew - *organ.diceActive;
    if (change < -maxDrop_) organs.emplace_back(organ.organ, change);
  }
  return organs;
}

void RegressionGate::accept(const GateReport& report) {
  session_.setActiveModel(report.newModel);
}

}  // namespace voxsiam::ui
