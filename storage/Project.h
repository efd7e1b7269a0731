#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/image/LabelScheme.h"
#include "storage/VolumeStore.h"
#include "storage/sql/Connection.h"

namespace voxsiam::storage {

/// What a new project is made with.
struct ProjectSettings {
  std::string title;                   ///< shown to people; defaults to the folder name
  std::string schemeName = "gibson8";  ///< built-in label scheme of the project's labels
};

/// A project folder: project.sqlite (cases, label versions, audit log, runs, models, metrics,
/// embeddings) and volumes/ (immutable images named by content hash). The object owns one
/// connection for the thread that uses it; other threads call connect() for their own.
class Project {
 public:
  /// Makes a new project in `folder` (which must not exist or be empty). Nothing is left behind
  /// when it fails. Throws StorageError naming the folder.
  static Project create(const std::filesystem::path& folder, const ProjectSettings& settings);

  /// Opens an existing project, upgrading an older schema. A folder the user cannot write is
  /// opened read-only (writes then fail with StorageError). Opened for writing, the partial files
  /// of interrupted writes in volumes/ and models/ are removed (removedPartialFiles). Throws
  /// StorageError for a folder that is not a project, a corrupt database, or one from a newer
  /// VoxSiam.
  explicit Project(const std::filesystem::path& folder);

  Project(Project&&) noexcept;
  Project& operator=(Project&&) noexcept;
  ~Project();

  const std::filesystem::path& folder() const { return folder_; }
  /// Path of project.sqlite.
  std::filesystem::path databasePath() const { return folder_ / kDatabaseFile; }
  /// This thread's connection.
  sql::Connection& connection() { return *connection_; }
  /// A new connection to the same database, for another thread.
  std::unique_ptr<sql::Connection> connect() const;
  /// The image files.
  VolumeStore volumes() const { return VolumeStore(folder_ / "volumes"); }
  bool readOnly() const { return connection_->readOnly(); }
  /// Partial files of interrupted writes removed when the project was opened ("volumes/NAME").
  const std::vector<std::string>& removedPartialFiles() const { return removedPartialFiles_; }

  /// Project title.
  std::string title();
  /// The label scheme of the project's labels.
  image::LabelScheme scheme();
  /// `text` (a project_info value named `key`) as an id; StorageError naming the database when
  /// it is not a positive whole number.
  long long storedId(const std::string& text, const std::string& key);
  /// Row id of the project's scheme in label_schemes.
  long long schemeId();

  /// The model marked active (used for prediction), if any.
  std::optional<long long> activeModelId();
  /// Marks model `modelId` active. Throws StorageError for an unknown model.
  void setActiveModel(long long modelId);

  /// Copies a model file (e.g. a run's model.pt) into the project's models/ folder, named by its
  /// SHA-256, and returns that path relative to the project folder (what ModelRecord::checkpoint
  /// holds). Copying the same file again reuses the stored copy. Throws StorageError naming the
  /// file when it cannot be read or stored.
  std::string storeModelFile(const std::filesystem::path& modelFile);

  /// Writes a consistent copy of the database to `target` with SQLite's online backup, while
  /// other connections may keep working. Throws StorageError naming `target`.
  void backupTo(const std::filesystem::path& target);
  /// Result of PRAGMA integrity_check: "ok", or the first problem found and how many more.
  std::string integrityCheck();

  static constexpr const char* kDatabaseFile = "project.sqlite";

 private:
  Project(std::filesystem::path folder, std::unique_ptr<sql::Connection> connection);
  std::string info(const std::string& key);

  std::filesystem::path folder_;
  std::unique_ptr<sql::Connection> connection_;
  std::vector<std::string> removedPartialFiles_;
};

}  // namespace voxsiam::storage
