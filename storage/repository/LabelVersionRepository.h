#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/image/Image3D.h"
#include "storage/repository/ReviewStatus.h"

namespace voxsiam::storage {
namespace sql {
class Connection;
}
namespace repository {

/// What a new label version is, apart from its voxels.
struct NewLabelVersion {
  long long caseId = 0;
  std::optional<long long> parentId;  ///< the version it was edited from
  long long schemeId = 0;             ///< scheme of its ids
  std::string author;
  LabelSource source = LabelSource::Manual;
  std::optional<long long> modelId;  ///< for source Model
  ReviewStatus status = ReviewStatus::Draft;
  std::string note;
  /// The organ ids the version annotates; nullopt: every organ of the scheme. An organ not
  /// annotated is unknown in this version (never background), like its voxels of value 255.
  std::optional<std::vector<std::uint16_t>> annotated;
};

/// A stored label version, without its voxels.
struct LabelVersionInfo {
  long long id = 0;
  long long caseId = 0;
  std::optional<long long> parentId;
  long long schemeId = 0;
  std::string author;
  std::string createdAt;
  LabelSource source = LabelSource::Manual;
  std::optional<long long> modelId;
  ReviewStatus status = ReviewStatus::Draft;
  std::string contentHash;  ///< SHA-256 of the stored bytes
  std::string note;
  std::optional<std::vector<std::uint16_t>> annotated;  ///< nullopt: every organ
};

/// The review of one organ of a label version.
struct OrganReview {
  std::uint16_t organ = 0;
  ReviewStatus status = ReviewStatus::Approved;  ///< approved or rejected
  std::string author;
  std::string at;
  std::string note;
};

/// Versioned label maps of the cases. Versions are immutable (the database refuses changes to
/// their contents); only the review status moves, and every save and status change is written to
/// the audit log in the same transaction.
class LabelVersionRepository {
 public:
  explicit LabelVersionRepository(sql::Connection& connection) : connection_(connection) {}

  /// Stores `labels` as a new version; returns its id. Throws StorageError when the case is
  /// unknown, the label grid differs from the case image's grid, or the database cannot be
  /// written (then nothing is stored).
  long long save(const NewLabelVersion& version, const image::LabelMap& labels);
  /// The voxels of version `id`, exactly as saved. Throws StorageError when absent or damaged.
  image::LabelMap load(long long id);
  /// The stored bytes of version `id` (encodeLabelMap's form).
  std::vector<std::uint8_t> loadBytes(long long id);
  /// Metadata of version `id`. Throws StorageError when absent.
  LabelVersionInfo info(long long id);
  /// All versions of a case, oldest first.
  std::vector<LabelVersionInfo> forCase(long long caseId);
  /// Newest version of a case, or the newest with `status`.
  std::optional<LabelVersionInfo> latest(long long caseId,
                                         std::optional<ReviewStatus> status = std::nullopt);
  /// A version of the case whose contents hash to `contentHash`, if any.
  std::optional<long long> findByContent(long long caseId, const std::string& contentHash);
  /// Moves version `id` to `status` (see transitionAllowed) and logs it with `note`. Throws
  /// StorageError for a transition that is not allowed.
  void setStatus(long long id, ReviewStatus status, const std::string& actor,
                 const std::string& note = "");
  /// Approves or rejects organ `organ` of version `id` alone (a later call replaces the earlier
  /// review of that organ) and logs it. Throws StorageError for another status, an organ the
  /// version does not annotate, or an unknown version.
  void setOrganStatus(long long id, std::uint16_t organ, ReviewStatus status,
                      const std::string& actor, const std::string& note = "");
  /// The reviews of single organs of version `id`, by organ id.
  std::vector<OrganReview> organReviews(long long id);

 private:
  void checkGrid(long long caseId, const image::LabelMap& labels);

  sql::Connection& connection_;
};

}  // namespace repository
}  // namespace voxsiam::storage
