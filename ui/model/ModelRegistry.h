#pragma once
#include <QString>

#include <optional>
#include <string>
#include <vector>

namespace voxsiam::ui {

class CaseSession;

/// A model as listed in the registry.
struct ModelRow {
  long long id = 0;
  QString name;
  QString method;
  std::optional<long long> runId;
  std::optional<long long> parentId;
  bool startedFromParent = false;  ///< fine-tuned: the run began with the parent's weights
  int trainingCases = 0;
  std::optional<double> meanValidationDice;
  bool active = false;
  QString createdAt;
};

/// Scores of one case and organ: of a label version (or two models' predictions) against the
/// approved labels.
struct ScoreRow {
  QString caseName;
  QString organ;
  long long versionId = 0;  ///< the version scored (first model's prediction when comparing)
  QString source;           ///< manual, import or model N
  std::optional<double> dice, hd95, assd;
  std::optional<double> otherDice;  ///< comparing: the second model's Dice
  QString role;                     ///< comparing: training, validation or unseen (for model A)
};

/// Mean and spread of one organ's Dice over the cases of one role, for both compared models.
struct OrganSummary {
  QString organ;
  QString role;  ///< training, validation or unseen
  int cases = 0;
  double meanA = 0, sdA = 0;
  std::optional<double> meanB, sdB;
};

/// The project's models and their scores for the studio (Qt Core): the registry, the active
/// model, model-against-model comparison per case and organ, and Dice/HD95/ASSD of any label
/// version against the approved labels, with CSV export.
class ModelRegistry {
 public:
  explicit ModelRegistry(CaseSession& session) : session_(session) {}

  std::vector<ModelRow> models();
  void setActive(long long modelId);
  std::optional<long long> activeModel();
  /// Dice per case and organ of the newest predictions of models `a` and `b` (stored when they
  /// were predicted), for the cases both predicted.
  std::vector<ScoreRow> compare(long long a, long long b);
  /// Per organ and case role: mean ± SD of the rows' Dice (cases where it is defined).
  static std::vector<OrganSummary> summarise(const std::vector<ScoreRow>& rows);
  /// Scores the newest label version of every case (or, with `modelId`, that model's newest
  /// prediction) against the case's newest approved version; computes and stores what is
  /// missing. Opens its own connection, so it may run on a worker thread.
  static std::vector<ScoreRow> evaluate(const std::string& projectFolder,
                                        std::optional<long long> modelId);
  /// The rows as CSV (case, organ, version, source, dice, hd95, assd[, other_dice]).
  static QString toCsv(const std::vector<ScoreRow>& rows, bool comparison);

 private:
  CaseSession& session_;
};

}  // namespace voxsiam::ui
