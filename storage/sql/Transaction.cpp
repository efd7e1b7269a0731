#include "storage/sql/Transaction.h"

#include <sqlite3.h>

#include "storage/sql/Connection.h"

namespace voxsiam::storage::sql {

Transaction::Transaction(Connection& connection)
    : connection_(connection), nested_(sqlite3_get_autocommit(connection.handle()) == 0) {
  connection_.execute(nested_ ? "SAVEPOINT nested" : "BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (!open_) return;
  try {
    connection_.execute(nested_ ? "ROLLBACK TO nested; RELEASE nested" : "ROLLBACK");
  } catch (...) {
    // A failed commit may already have rolled back; nothing else to undo.
  }
}

void Transaction::commit() {
  connection_.execute(nested_ ? "RELEASE nested" : "COMMIT");
  open_ = false;
}

}  // namespace voxsiam::storage::sql
