#pragma once
#include <QObject>
#include <QString>

#include <atomic>
#include <vector>

#include "ui/model/BackgroundJob.h"
#include "ui/model/TrainingBackend.h"

namespace voxsiam::ui {

class TrainingController;

/// "Which case should I label next?": ranks the project's cases without approved labels under a
/// model in the background (TrainingBackend::suggestCases), by the model's uncertainty and by
/// how unlike the approved cases they look, and hands the list to the studio.
class CaseSuggester : public QObject {
  Q_OBJECT

 public:
  explicit CaseSuggester(TrainingController& training, QObject* parent = nullptr);
  ~CaseSuggester() override;

  /// Ranks the cases under model `modelId` (at most `count`; 0: all); emits suggested() or
  /// failed(). Does nothing while a ranking runs or without a backend.
  void suggest(long long modelId, std::size_t count = 0);
  bool busy() const { return job_.running(); }

 signals:
  void progress(const QString& line);
  void suggested(const std::vector<voxsiam::ui::LabelSuggestion>& cases);
  void failed(const QString& error);

 private:
  TrainingController& training_;
  std::atomic<bool> cancel_{false};
  BackgroundJob<std::vector<LabelSuggestion>> job_;  ///< last: destroyed (and waited for) first
};

}  // namespace voxsiam::ui

Q_DECLARE_METATYPE(std::vector<voxsiam::ui::LabelSuggestion>)
