#include "storage/repository/RunCases.h"

#include "storage/StorageError.h"

namespace voxsiam::storage {

std::string toString(CaseRole role) {
  return role == CaseRole::Training ? "training" : "validation";
}

std::vector<RunCase> runCasesOf(const std::string& configJson, const std::string& origin) {
  const auto config = nlohmann::json::parse(configJson, nullptr, false);
  if (config.is_discarded() || !config.is_object())
    throw StorageError(origin, "the run's configuration is not a JSON object");
  std::vector<RunCase> cases;
  try {
    for (const auto& entry : config.value("cases", nlohmann::json::array())) {
      const std::string role = entry.at("role").get<std::string>();
      if (role != "training" && role != "validation")
        throw StorageError(origin, "a run case has the unknown role '" + role + "'");
      cases.push_back({entry.at("case_id").get<long long>(), entry.at("name").get<std::string>(),
                       entry.at("label_version_id").get<long long>(),
                       role == "training" ? CaseRole::Training : CaseRole::Validation});
    }
  } catch (const nlohmann::json::exception& error) {
    throw StorageError(origin, std::string("a run case is malformed: ") + error.what());
  }
  return cases;
}

nlohmann::json runCasesJson(const std::vector<RunCase>& cases) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& entry : cases)
    list.push_back({{"case_id", entry.caseId},
                    {"name", entry.name},
                    {"label_version_id", entry.labelVersionId},
                    {"role", toString(entry.role)}});
  return list;
}

}  // namespace voxsiam::storage
