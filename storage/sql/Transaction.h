#pragma once

namespace voxsiam::storage::sql {

class Connection;

/// A write transaction (BEGIN IMMEDIATE: takes the write lock at once, so it never fails half way
/// for a lock held by another writer). Inside another transaction it is a savepoint, so units of
/// work compose (one case of an import inside an all-or-nothing import). Rolled back on
/// destruction unless commit() was called.
class Transaction {
 public:
  explicit Transaction(Connection& connection);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  /// Makes the changes durable. Throws StorageError (and rolls back) when it cannot.
  void commit();

 private:
  Connection& connection_;
  bool nested_;
  bool open_ = true;
};

}  // namespace voxsiam::storage::sql
