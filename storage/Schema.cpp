#include "storage/Schema.h"

#include <string>

#include "storage/StorageError.h"
#include "storage/sql/Connection.h"
#include "storage/sql/Transaction.h"

namespace voxsiam::storage {
namespace {

constexpr const char* kNow = "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";

/// Version 1, first part: scans, cases, training runs and models.
std::string version1Cases() {
  const std::string now = kNow;
  return R"(
CREATE TABLE project_info(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE label_schemes(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, definition TEXT NOT NULL);
CREATE TABLE volumes(
  hash TEXT PRIMARY KEY, file TEXT NOT NULL, geometry TEXT NOT NULL, stored_type TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT )" +
         now + R"();
CREATE TABLE cases(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
  image_hash TEXT NOT NULL REFERENCES volumes(hash),
  origin TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL DEFAULT )" +
         now + R"();
CREATE TABLE training_runs(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, config TEXT NOT NULL, folder TEXT NOT NULL,
  state TEXT NOT NULL CHECK(state IN ('queued','running','finished','failed','cancelled')),
  started_at TEXT NOT NULL DEFAULT )" +
         now + R"(, finished_at TEXT);
CREATE TABLE training_epochs(
  run_id INTEGER NOT NULL REFERENCES training_runs(id), epoch INTEGER NOT NULL,
  metrics TEXT NOT NULL, PRIMARY KEY(run_id, epoch));
CREATE TABLE models(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, run_id INTEGER REFERENCES training_runs(id),
  parent_id INTEGER REFERENCES models(id), checkpoint TEXT NOT NULL, config TEXT NOT NULL,
  metrics TEXT NOT NULL DEFAULT '{}', created_at TEXT NOT NULL DEFAULT )" +
         now + R"();
)";
}

/// Version 1, second part: label versions, the audit log, scores and embeddings.
std::string version1Labels() {
  const std::string now = kNow;
  return R"(
CREATE TABLE label_versions(
  id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id),
  parent_id INTEGER REFERENCES label_versions(id),
  scheme_id INTEGER NOT NULL REFERENCES label_schemes(id),
  author TEXT NOT NULL, created_at TEXT NOT NULL DEFAULT )" +
         now + R"(,
  source TEXT NOT NULL CHECK(source IN ('manual','import','model')),
  model_id INTEGER REFERENCES models(id),
  status TEXT NOT NULL CHECK(status IN ('draft','in_review','approved','rejected')),
  content_hash TEXT NOT NULL, data BLOB NOT NULL, note TEXT NOT NULL DEFAULT '');
CREATE INDEX label_versions_by_case ON label_versions(case_id, id);
CREATE TRIGGER label_versions_immutable BEFORE UPDATE OF case_id, parent_id, scheme_id, author,
  created_at, source, model_id, content_hash, data ON label_versions
  BEGIN SELECT RAISE(ABORT, 'label version contents are immutable'); END;
CREATE TABLE audit_log(
  id INTEGER PRIMARY KEY, at TEXT NOT NULL DEFAULT )" +
         now + R"(, actor TEXT NOT NULL,
  action TEXT NOT NULL, case_id INTEGER REFERENCES cases(id),
  label_version_id INTEGER REFERENCES label_versions(id), detail TEXT NOT NULL DEFAULT '');
CREATE INDEX audit_by_case ON audit_log(case_id, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE case_metrics(
  case_id INTEGER NOT NULL REFERENCES cases(id),
  label_version_id INTEGER NOT NULL REFERENCES label_versions(id),
  reference_version_id INTEGER NOT NULL REFERENCES label_versions(id),
  organ INTEGER NOT NULL, dice REAL, hd95 REAL, assd REAL,
  computed_at TEXT NOT NULL DEFAULT )" +
         now + R"(,
  PRIMARY KEY(label_version_id, reference_version_id, organ));
CREATE TABLE embeddings(
  id INTEGER PRIMARY KEY, model_id INTEGER REFERENCES models(id), layer TEXT NOT NULL,
  parameters TEXT NOT NULL DEFAULT '{}', created_at TEXT NOT NULL DEFAULT )" +
         now + R"();
CREATE TABLE embedding_points(
  embedding_id INTEGER NOT NULL REFERENCES embeddings(id),
  case_id INTEGER NOT NULL REFERENCES cases(id), voxel_index INTEGER NOT NULL,
  organ INTEGER NOT NULL, x REAL NOT NULL, y REAL NOT NULL, features BLOB);
CREATE INDEX embedding_points_by_set ON embedding_points(embedding_id);
)";
}

/// Version 1: the first schema.
std::string version1() {
  return version1Cases() + version1Labels();
}

/// Version 2: each embedded voxel keeps the model's label, for colouring by right and wrong.
std::string version2() {
  return "ALTER TABLE embedding_points ADD COLUMN predicted INTEGER NOT NULL DEFAULT -1;";
}

/// Version 3: which organs a label version annotates (NULL: all; else "1,3,...", immutable like
/// the voxels) and the review of single organs of a version.
std::string version3() {
  const std::string now = kNow;
  return R"(
ALTER TABLE label_versions ADD COLUMN annotated TEXT;
CREATE TRIGGER label_versions_annotated_immutable BEFORE UPDATE OF annotated ON label_versions
  BEGIN SELECT RAISE(ABORT, 'label version contents are immutable'); END;
CREATE TABLE organ_reviews(
  label_version_id INTEGER NOT NULL REFERENCES label_versions(id), organ INTEGER NOT NULL,
  status TEXT NOT NULL CHECK(status IN ('approved','rejected')), author TEXT NOT NULL,
  at TEXT NOT NULL DEFAULT )" +
         now + R"(, note TEXT NOT NULL DEFAULT '',
  PRIMARY KEY(label_version_id, organ));
)";
}

/// Version 4: correction effort. The editing time of each saved version, and for an approved
/// version descended from a model's draft: that draft, the editing time since it and the voxels
/// changed per organ.
std::string version4() {
  return R"(
CREATE TABLE edit_sessions(
  label_version_id INTEGER PRIMARY KEY REFERENCES label_versions(id),
  seconds REAL NOT NULL CHECK(seconds >= 0));
CREATE TABLE corrections(
  label_version_id INTEGER PRIMARY KEY REFERENCES label_versions(id),
  model_id INTEGER NOT NULL, draft_version_id INTEGER NOT NULL REFERENCES label_versions(id),
  seconds REAL NOT NULL);
CREATE TABLE correction_organs(
  label_version_id INTEGER NOT NULL REFERENCES corrections(label_version_id),
  organ INTEGER NOT NULL, voxels_changed INTEGER NOT NULL,
  PRIMARY KEY(label_version_id, organ));
)";
}

/// Version 5: the per-voxel uncertainty a model's draft came with (quantised, encoded like the
/// labels), one map per draft version.
std::string version5() {
  return R"(
CREATE TABLE uncertainty_maps(
  label_version_id INTEGER PRIMARY KEY REFERENCES label_versions(id),
  levels INTEGER NOT NULL CHECK(levels > 0), data BLOB NOT NULL);
)";
}

/// Version 6: the organs a saved version took from a model's draft ("Take organ"), so that
/// their correction counts, and a correction's distinct voxels changed.
std::string version6() {
  return R"(
CREATE TABLE draft_sources(
  label_version_id INTEGER NOT NULL REFERENCES label_versions(id),
  organ INTEGER NOT NULL, draft_version_id INTEGER NOT NULL REFERENCES label_versions(id),
  PRIMARY KEY(label_version_id, organ));
ALTER TABLE corrections ADD COLUMN voxels INTEGER NOT NULL DEFAULT 0;
)";
}

/// Version 7: the DICOM identity of cases imported from a DICOM series (patient, study, series
/// and the slices' instance UIDs as JSON, the listed attributes also as columns), or made at a
/// case's first DICOM export (`generated`), so that all its exports share study and frame of
/// reference.
std::string version7() {
  return R"(
CREATE TABLE case_dicom(
  case_id INTEGER PRIMARY KEY REFERENCES cases(id), patient_id TEXT NOT NULL,
  study_uid TEXT NOT NULL, series_uid TEXT NOT NULL, study_date TEXT NOT NULL,
  study_description TEXT NOT NULL, anonymised INTEGER NOT NULL, identity TEXT NOT NULL,
  generated INTEGER NOT NULL DEFAULT 0);
)";
}

/// The statements that take the schema from version (index) to version (index + 1).
std::string migrationFrom(long long version) {
  if (version == 0) return version1();
  if (version == 1) return version2();
  if (version == 2) return version3();
  if (version == 3) return version4();
  if (version == 4) return version5();
  if (version == 5) return version6();
  if (version == 6) return version7();
  return {};
}

}  // namespace

void migrateSchema(sql::Connection& connection) {
  const long long found = connection.pragmaInteger("user_version");
  if (found > kSchemaVersion) {
    throw StorageError(connection.path(),
                       "project database has schema version " + std::to_string(found) +
                           "; this VoxSiam reads up to version " + std::to_string(kSchemaVersion) +
                           " (open it with a newer VoxSiam)");
  }
  if (found == kSchemaVersion) return;
  if (connection.readOnly()) {
    throw StorageError(connection.path(), "project database needs an upgrade but is read-only");
  }
  for (long long version = found; version < kSchemaVersion; ++version) {
    sql::Transaction transaction(connection);
    if (connection.pragmaInteger("user_version") > version) continue;
    connection.execute(migrationFrom(version));
    connection.execute("PRAGMA user_version = " + std::to_string(version + 1));
    transaction.commit();
  }
}

}  // namespace voxsiam::storage
