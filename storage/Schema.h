#pragma once

namespace voxsiam::storage {

namespace sql {
class Connection;
}

/// Schema version this program writes and reads (PRAGMA user_version).
constexpr long long kSchemaVersion = 7;

/// Brings the database of `connection` to kSchemaVersion, each step in one transaction. Throws
/// StorageError when the database comes from a newer program (higher user_version) or is read-only
/// and older than kSchemaVersion; never changes a database it refuses.
void migrateSchema(sql::Connection& connection);

}  // namespace voxsiam::storage
