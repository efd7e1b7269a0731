#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct sqlite3_stmt;

namespace voxsiam::storage::sql {

class Connection;

/// A prepared statement: bind parameters (1-based), step through rows, read columns (0-based).
class Statement {
 public:
  /// Prepares `sqlText` on `connection`. Throws StorageError when it does not compile.
  Statement(Connection& connection, const std::string& sqlText);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, long long value);
  Statement& bind(int index, int value) { return bind(index, static_cast<long long>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, const std::string& value);
  Statement& bind(int index, const char* value) { return bind(index, std::string(value)); }
  Statement& bind(int index, const std::vector<std::uint8_t>& blob);
  /// Binds NULL when `value` is empty.
  Statement& bind(int index, const std::optional<long long>& value);
  Statement& bindNull(int index);

  /// Advances to the next row; false when done. Throws StorageError on failure.
  bool step();
  /// Runs a statement that returns no rows.
  void run();
  /// Clears bindings and rewinds, to run again.
  void reset();

  long long integer(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  std::vector<std::uint8_t> blob(int column) const;
  bool isNull(int column) const;
  /// Integer column or empty for NULL.
  std::optional<long long> optionalInteger(int column) const;
  /// Real column or empty for NULL.
  std::optional<double> optionalReal(int column) const;

 private:
  Connection& connection_;
  sqlite3_stmt* statement_ = nullptr;
};

}  // namespace voxsiam::storage::sql
