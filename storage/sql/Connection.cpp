#include "storage/sql/Connection.h"

#include <sqlite3.h>

#include "storage/StorageError.h"
#include "storage/sql/Statement.h"

namespace voxsiam::storage::sql {
namespace {

constexpr int kBusyTimeoutMs = 30000;

std::string describe(int code, const char* message) {
  switch (code & 0xff) {
    case SQLITE_FULL:
      return "disk full (the change was not saved)";
    case SQLITE_NOTADB:
      return "not a project database (the file is not SQLite)";
    case SQLITE_CORRUPT:
      return "database file is corrupt (" + std::string(message) + ")";
    case SQLITE_READONLY:
      return "cannot write: the project is read-only";
    case SQLITE_CANTOPEN:
      return "cannot open the database file";
    case SQLITE_BUSY:
      return "database is busy (another program holds it too long)";
    case SQLITE_IOERR:
      return "disk input/output error or file size limit reached (" + std::string(message) + ")";
    default:
      return message;
  }
}

}  // namespace

Connection::Connection(const std::string& path, OpenMode mode) : path_(path) {
  readOnly_ = mode == OpenMode::ReadOnly;
  int flags = SQLITE_OPEN_NOMUTEX;
  flags |= readOnly_ ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (mode == OpenMode::Create) flags |= SQLITE_OPEN_CREATE;
  const int code = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (code != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw StorageError(path, describe(code, message.c_str()));
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  configure();
}

Connection::~Connection() {
  sqlite3_close_v2(db_);
}

void Connection::configure() {
  try {
    execute("PRAGMA foreign_keys = ON");
    if (!readOnly_) execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL");
  } catch (...) {
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw;
  }
}

void Connection::execute(const std::string& sqlText) {
  char* message = nullptr;
  const int code = sqlite3_exec(db_, sqlText.c_str(), nullptr, nullptr, &message);
  if (code != SQLITE_OK) {
    const std::string text = message ? message : sqlite3_errstr(code);
    sqlite3_free(message);
    throw StorageError(path_, describe(code, text.c_str()));
  }
}

long long Connection::pragmaInteger(const std::string& name) {
  Statement statement(*this, "PRAGMA " + name);
  return statement.step() ? statement.integer(0) : 0;
}

long long Connection::lastInsertId() const {
  return sqlite3_last_insert_rowid(db_);
}

void Connection::fail(int code, const std::string& what) const {
  const std::string detail = describe(code, sqlite3_errmsg(db_));
  throw StorageError(path_, what.empty() ? detail : what + ": " + detail);
}

}  // namespace voxsiam::storage::sql
