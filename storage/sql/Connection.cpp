#include "storage/sql/Connection.h"

#include <sqlite3.h>
#include <unistd.h>

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

/// "file:" URI of `path` with `?immutable=1`: how SQLite reads a WAL database in a folder where
/// it cannot create the -shm file, provided no -wal file is waiting to be applied.
std::string immutableUri(const std::string& path) {
  static const char* hex = "0123456789ABCDEF";
  std::string uri = "file:";
  for (const unsigned char c : path) {
    if (c == '%' || c == '?' || c == '#' || c < 0x20 || c >= 0x7f) {
      uri += '%';
      uri += hex[c >> 4];
      uri += hex[c & 0xf];
    } else {
      uri += static_cast<char>(c);
    }
  }
  return uri + "?immutable=1";
}

bool fileExists(const std::string& path) {
  return access(path.c_str(), F_OK) == 0;
}

}  // namespace

Connection::Connection(const std::string& path, OpenMode mode) : path_(path) {
  readOnly_ = mode == OpenMode::ReadOnly;
  int flags = SQLITE_OPEN_NOMUTEX;
  flags |= readOnly_ ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (mode == OpenMode::Create) flags |= SQLITE_OPEN_CREATE;
  std::string target = path;
  if (readOnly_ && !fileExists(path + "-wal") && fileExists(path)) {
    target = immutableUri(path);
    flags |= SQLITE_OPEN_URI;
  }
  const int code = sqlite3_open_v2(target.c_str(), &db_, flags, nullptr);
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
