#pragma once
#include "core/image/InputError.h"

namespace voxsiam::storage {

/// A project could not be read or written: names the file or folder and what is wrong
/// ("PATH: PROBLEM"), e.g. a corrupt database, a newer schema, a read-only folder, a full disk.
/// An image::InputError, so command-line tools report it the same way (one line, exit code 1).
class StorageError : public image::InputError {
 public:
  using image::InputError::InputError;
};

}  // namespace voxsiam::storage
