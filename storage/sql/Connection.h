#pragma once
#include <string>

struct sqlite3;

namespace voxsiam::storage::sql {

/// How a connection opens its database file.
enum class OpenMode { ReadWrite, ReadOnly, Create };

/// One SQLite connection, for one thread. Opens with foreign keys on, WAL journal (for a
/// writable database), a busy timeout so that a writer and several readers on other connections
/// wait for each other instead of failing with "database is locked", and extended error codes.
class Connection {
 public:
  /// Opens `path`. Throws StorageError naming `path` when it is missing (unless Create), is not a
  /// SQLite database, or cannot be opened.
  Connection(const std::string& path, OpenMode mode);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Runs one or more statements without results. Throws StorageError on failure.
  void execute(const std::string& sqlText);
  /// Value of an integer PRAGMA, e.g. "user_version".
  long long pragmaInteger(const std::string& name);
  /// The last inserted row id.
  long long lastInsertId() const;
  /// True when the connection cannot write (read-only open).
  bool readOnly() const { return readOnly_; }
  /// Database file path.
  const std::string& path() const { return path_; }
  /// Throws StorageError describing SQLite result `code` (with this connection's message).
  [[noreturn]] void fail(int code, const std::string& what) const;

  sqlite3* handle() const { return db_; }

 private:
  void configure();

  sqlite3* db_ = nullptr;
  std::string path_;
  bool readOnly_ = false;
};

}  // namespace voxsiam::storage::sql
