#pragma once
#include <optional>

#include "core/image/DicomIdentity.h"

namespace voxsiam::storage {
namespace sql {
class Connection;
}
namespace repository {

/// The DICOM identity of cases that came from a DICOM series (see image::DicomIdentity).
class DicomIdentityRepository {
 public:
  explicit DicomIdentityRepository(sql::Connection& connection) : connection_(connection) {}
  /// Records what case `caseId` was imported from (replacing an earlier record); `generated`:
  /// an identity made for exports of a case that did not come from DICOM (not listed).
  void put(long long caseId, const image::DicomIdentity& identity, bool generated = false);
  /// The identity of case `caseId`, or nullopt when it did not come from DICOM. Throws
  /// StorageError when the stored record is damaged.
  std::optional<image::DicomIdentity> find(long long caseId);

 private:
  sql::Connection& connection_;
};

}  // namespace repository
}  // namespace voxsiam::storage
