#include "tests/support/StoredLabelTampering.h"

#include <cstring>
#include <utility>
#include <vector>

#include "storage/ContentHash.h"
#include "storage/Project.h"
#include "storage/sql/Statement.h"

namespace voxsiam::test {

void tamperStoredLabels(const std::string& folder, std::size_t offset, double value) {
  storage::Project project(folder);
  auto& connection = project.connection();
  storage::sql::Statement(connection, "DROP TRIGGER IF EXISTS label_versions_immutable").run();
  std::vector<std::pair<long long, std::vector<std::uint8_t>>> versions;
  storage::sql::Statement rows(connection, "SELECT id, data FROM label_versions");
  while (rows.step()) versions.emplace_back(rows.integer(0), rows.blob(1));
  for (auto& [id, bytes] : versions) {
    std::memcpy(bytes.data() + offset, &value, sizeof value);
    storage::sql::Statement update(
        connection, "UPDATE label_versions SET data = ?, content_hash = ? WHERE id = ?");
    update.bind(1, bytes).bind(2, storage::sha256Hex(bytes.data(), bytes.size())).bind(3, id);
    update.run();
  }
}

}  // namespace voxsiam::test
