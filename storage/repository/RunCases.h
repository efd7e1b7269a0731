#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace voxsiam::storage {

/// What a case does in a training run.
enum class CaseRole { Training, Validation };

/// One case of a training run: the label version it trained (or validated) with.
struct RunCase {
  long long caseId = 0;
  std::string name;
  long long labelVersionId = 0;
  CaseRole role = CaseRole::Training;
};

/// "training" or "validation".
std::string toString(CaseRole role);

/// The cases recorded in a run's (or its model's) configuration JSON under "cases"; empty when
/// it has none. Throws StorageError naming `origin` for malformed JSON or entries.
std::vector<RunCase> runCasesOf(const std::string& configJson, const std::string& origin);

/// The "cases" array that runCasesOf reads.
nlohmann::json runCasesJson(const std::vector<RunCase>& cases);

}  // namespace voxsiam::storage
