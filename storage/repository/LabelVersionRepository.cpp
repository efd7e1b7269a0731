#include "storage/repository/LabelVersionRepository.h"

#include <algorithm>

#include "storage/ContentHash.h"
#include "storage/LabelCodec.h"
#include "storage/StorageError.h"
#include "storage/repository/AuditLog.h"
#include "storage/repository/CaseRepository.h"
#include "storage/repository/VolumeRepository.h"
#include "storage/sql/Connection.h"
#include "storage/sql/Statement.h"
#include "storage/sql/Transaction.h"

namespace voxsiam::storage::repository {
namespace {

constexpr const char* kInfoColumns =
    "SELECT id, case_id, parent_id, scheme_id, author, created_at, source, model_id, status, "
    "content_hash, note, annotated FROM label_versions ";

/// The stored organ list back as ids.
std::vector<std::uint16_t> parseOrganList(const std::string& text) {
  std::vector<std::uint16_t> organs;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    organs.push_back(std::uint16_t(std::stoul(text.substr(start, end - start))));
    start = end + 1;
  }
  return organs;
}

LabelVersionInfo readInfo(const sql::Statement& row) {
  LabelVersionInfo info;
  info.id = row.integer(0);
  info.caseId = row.integer(1);
  info.parentId = row.optionalInteger(2);
  info.schemeId = row.integer(3);
  info.author = row.text(4);
  info.createdAt = row.text(5);
  info.source = parseLabelSource(row.text(6));
  info.modelId = row.optionalInteger(7);
  info.status = parseReviewStatus(row.text(8));
  info.contentHash = row.text(9);
  info.note = row.text(10);
  if (!row.isNull(11)) info.annotated = parseOrganList(row.text(11));
  return info;
}

std::string versionName(long long id) {
  return "label version " + std::to_string(id);
}

/// "1,3,7": how annotated organs are stored.
std::string organNameList(const std::vector<std::uint16_t>& organs) {
  std::string text;
  for (const std::uint16_t organ : organs)
    text += (text.empty() ? "" : ",") + std::to_string(organ);
  return text;
}

}  // namespace

void LabelVersionRepository::checkGrid(long long caseId, const image::LabelMap& labels) {
  const CaseRecord record = CaseRepository(connection_).get(caseId);
  const auto geometry = VolumeRepository(connection_).geometry(record.imageHash);
  if (!geometry || !geometry->sameGrid(labels.geometry())) {
    throw StorageError(record.name, "label map grid differs from the case image's grid");
  }
}

long long LabelVersionRepository::save(const NewLabelVersion& version,
                                       const image::LabelMap& labels) {
  const std::vector<std::uint8_t> bytes = encodeLabelMap(labels);
  const std::string hash = sha256Hex(bytes.data(), bytes.size());
  sql::Transaction transaction(connection_);
  checkGrid(version.caseId, labels);
  sql::Statement insert(connection_,
                        "INSERT INTO label_versions(case_id, parent_id, scheme_id, author, "
                        "source, model_id, status, content_hash, data, note, annotated) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, version.caseId).bind(2, version.parentId).bind(3, version.schemeId);
  insert.bind(4, version.author).bind(5, toString(version.source)).bind(6, version.modelId);
  insert.bind(7, toString(version.status)).bind(8, hash).bind(9, bytes).bind(10, version.note);
  if (version.annotated) insert.bind(11, organNameList(*version.annotated));
  insert.run();
  const long long id = connection_.lastInsertId();
  AuditLog(connection_)
      .append(version.author, "label.save", version.caseId, id,
              toString(version.source) + ", " + toString(version.status) +
                  (version.note.empty() ? "" : ": " + version.note));
  transaction.commit();
  return id;
}

std::vector<std::uint8_t> LabelVersionRepository::loadBytes(long long id) {
  sql::Statement query(connection_, "SELECT data FROM label_versions WHERE id = ?");
  query.bind(1, id);
  if (!query.step()) throw StorageError(connection_.path(), "no " + versionName(id));
  return query.blob(0);
}

image::LabelMap LabelVersionRepository::load(long long id) {
  sql::Statement query(connection_, "SELECT data, content_hash FROM label_versions WHERE id = ?");
  query.bind(1, id);
  if (!query.step()) throw StorageError(connection_.path(), "no " + versionName(id));
  const auto bytes = query.blob(0);
  const std::string origin = connection_.path() + " (" + versionName(id) + ")";
  if (sha256Hex(bytes.data(), bytes.size()) != query.text(1))
    throw StorageError(origin, "stored label map does not match its content hash (damaged)");
  return decodeLabelMap(bytes, origin);
}

LabelVersionInfo LabelVersionRepository::info(long long id) {
  sql::Statement query(connection_, std::string(kInfoColumns) + "WHERE id = ?");
  query.bind(1, id);
  if (!query.step()) throw StorageError(connection_.path(), "no " + versionName(id));
  return readInfo(query);
}

std::vector<LabelVersionInfo> LabelVersionRepository::forCase(long long caseId) {
  sql::Statement query(connection_, std::string(kInfoColumns) + "WHERE case_id = ? ORDER BY id");
  query.bind(1, caseId);
  std::vector<LabelVersionInfo> versions;
  while (query.step()) versions.push_back(readInfo(query));
  return versions;
}

std::optional<LabelVersionInfo> LabelVersionRepository::latest(long long caseId,
                                                               std::optional<ReviewStatus> status) {
  sql::Statement query(connection_, std::string(kInfoColumns) +
                                        "WHERE case_id = ?1 AND (?2 IS NULL OR status = ?2) "
                                        "ORDER BY id DESC LIMIT 1");
  query.bind(1, caseId);
  if (status) query.bind(2, toString(*status));
  if (!query.step()) return std::nullopt;
  return readInfo(query);
}

std::optional<long long> LabelVersionRepository::findByContent(long long caseId,
                                                               const std::string& contentHash) {
  sql::Statement query(connection_,
                       "SELECT id FROM label_versions WHERE case_id = ? AND content_hash = ?");
  query.bind(1, caseId).bind(2, contentHash);
  if (!query.step()) return std::nullopt;
  return query.integer(0);
}

void LabelVersionRepository::setStatus(long long id, ReviewStatus status, const std::string& actor,
                                       const std::string& note) {
  sql::Transaction transaction(connection_);
  const LabelVersionInfo current = info(id);
  if (!transitionAllowed(current.status, status)) {
    throw StorageError(versionName(id),
                       "cannot go from " + toString(current.status) + " to " + toString(status));
  }
  sql::Statement update(connection_, "UPDATE label_versions SET status = ? WHERE id = ?");
  update.bind(1, toString(status)).bind(2, id).run();
  AuditLog(connection_)
      .append(
          actor, "label.status", current.caseId, id,
          toString(current.status) + " -> " + toString(status) + (note.empty() ? "" : ": " + note));
  transaction.commit();
}

void LabelVersionRepository::setOrganStatus(long long id, std::uint16_t organ, ReviewStatus status,
                                            const std::string& actor, const std::string& note) {
  if (status != ReviewStatus::Approved && status != ReviewStatus::Rejected)
    throw StorageError(connection_.path(),
                       "an organ is approved or rejected, not " + toString(status));
  sql::Transaction transaction(connection_);
  const LabelVersionInfo version = info(id);
  if (version.annotated && std::find(version.annotated->begin(), version.annotated->end(), organ) ==
                               version.annotated->end())
    throw StorageError(connection_.path(),
                       versionName(id) + " does not annotate organ " + std::to_string(organ));
  sql::Statement upsert(connection_,
                        "INSERT OR REPLACE INTO organ_reviews(label_version_id, organ, status, "
                        "author, note) VALUES (?, ?, ?, ?, ?)");
  upsert.bind(1, id).bind(2, static_cast<long long>(organ)).bind(3, toString(status));
  upsert.bind(4, actor).bind(5, note);
  upsert.run();
  AuditLog(connection_)
      .append(actor, "label.organ_review", version.caseId, id,
              "organ " + std::to_string(organ) + " " + toString(status) +
                  (note.empty() ? "" : ": " + note));
  transaction.commit();
}

std::vector<OrganReview> LabelVersionRepository::organReviews(long long id) {
  sql::Statement query(connection_,
                       "SELECT organ, status, author, at, note FROM organ_reviews "
                       "WHERE label_version_id = ? ORDER BY organ");
  query.bind(1, id);
  std::vector<OrganReview> reviews;
  while (query.step()) {
    reviews.push_back({std::uint16_t(query.integer(0)), parseReviewStatus(query.text(1)),
                       query.text(2), query.text(3), query.text(4)});
  }
  return reviews;
}

}  // namespace voxsiam::storage::repository
