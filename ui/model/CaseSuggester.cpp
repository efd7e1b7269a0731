#include "ui/model/CaseSuggester.h"

#include "ui/model/TrainingController.h"

namespace voxsiam::ui {

CaseSuggester::CaseSuggester(TrainingController& training, QObject* parent)
    : QObject(parent), training_(training) {
  qRegisterMetaType<std::vector<LabelSuggestion>>();
}

CaseSuggester::~CaseSuggester() {
  cancel_ = true;
}

void CaseSuggester::suggest(long long modelId, std::size_t count) {
  const auto backend = training_.sharedBackend();
  if (!backend || busy()) return;
  cancel_ = false;
  job_.start(
      [this, backend, modelId, count] {
        return backend->suggestCases(
            modelId, count,
            [this](const std::string& line) {
              job_.post([this, text = QString::fromStdString(line)] { emit progress(text); });
            },
            cancel_);
      },
      [this](TaskOutcome<std::vector<LabelSuggestion>> outcome) {
        if (outcome.result) {
          emit suggested(*outcome.result);
        } else {
          emit failed(outcome.error);
        }
      });
}

}  // namespace voxsiam::ui
