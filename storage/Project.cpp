#include "storage/Project.h"

#include <sqlite3.h>
#include <unistd.h>

#include <fstream>
#include <vector>

#include "storage/ContentHash.h"
#include "storage/PartialFiles.h"
#include "storage/Schema.h"
#include "storage/StorageError.h"
#include "storage/repository/SchemeRepository.h"
#include "storage/sql/Statement.h"
#include "storage/sql/Transaction.h"

namespace voxsiam::storage {
namespace {

namespace fs = std::filesystem;

void prepareEmptyFolder(const fs::path& folder) {
  std::error_code error;
  if (fs::exists(folder, error) && !fs::is_empty(folder, error)) {
    throw StorageError(folder.string(), "folder exists and is not empty");
  }
  fs::create_directories(folder / "volumes", error);
  if (!error) fs::create_directories(folder / "models", error);
  if (error)
    throw StorageError(folder.string(), "cannot create project folder: " + error.message());
}

void writeProjectInfo(sql::Connection& connection, const std::string& title,
                      const image::LabelScheme& scheme) {
  sql::Transaction transaction(connection);
  const long long schemeId = repository::SchemeRepository(connection).put(scheme);
  sql::Statement insert(connection, "INSERT INTO project_info(key, value) VALUES (?, ?)");
  insert.bind(1, "title").bind(2, title).run();
  insert.reset();
  insert.bind(1, "scheme_id").bind(2, std::to_string(schemeId)).run();
  transaction.commit();
}

bool folderWritable(const fs::path& folder) {
  return access(folder.c_str(), W_OK) == 0;
}

}  // namespace

Project::Project(fs::path folder, std::unique_ptr<sql::Connection> connection)
    : folder_(std::move(folder)), connection_(std::move(connection)) {}

Project::Project(Project&&) noexcept = default;
Project& Project::operator=(Project&&) noexcept = default;
Project::~Project() = default;

Project Project::create(const fs::path& folder, const ProjectSettings& settings) {
  const bool existed = fs::exists(folder);
  prepareEmptyFolder(folder);
  try {
    const image::LabelScheme scheme = image::LabelScheme::builtin(settings.schemeName);
    auto connection =
        std::make_unique<sql::Connection>((folder / kDatabaseFile).string(), sql::OpenMode::Create);
    migrateSchema(*connection);
    const std::string title =
        settings.title.empty() ? fs::absolute(folder).filename().string() : settings.title;
    writeProjectInfo(*connection, title, scheme);
    return Project(folder, std::move(connection));
  } catch (...) {
    std::error_code ignored;
    if (existed) {
      for (const auto& entry : fs::directory_iterator(folder, ignored)) {
        fs::remove_all(entry.path(), ignored);
      }
    } else {
      fs::remove_all(folder, ignored);
    }
    throw;
  }
}

Project::Project(const fs::path& folder) : folder_(folder) {
  if (!fs::is_regular_file(folder / kDatabaseFile)) {
    throw StorageError(folder.string(), "not a VoxSiam project (no project.sqlite)");
  }
  const auto mode = folderWritable(folder) ? sql::OpenMode::ReadWrite : sql::OpenMode::ReadOnly;
  connection_ = std::make_unique<sql::Connection>(databasePath().string(), mode);
  migrateSchema(*connection_);
  info("title");
  if (readOnly()) return;
  for (const char* subfolder : {"volumes", "models"})
    for (const auto& name : removeStalePartialFiles(folder / subfolder))
      removedPartialFiles_.push_back(std::string(subfolder) + "/" + name);
}

std::unique_ptr<sql::Connection> Project::connect() const {
  const auto mode = readOnly() ? sql::OpenMode::ReadOnly : sql::OpenMode::ReadWrite;
  return std::make_unique<sql::Connection>(databasePath().string(), mode);
}

std::string Project::info(const std::string& key) {
  sql::Statement query(*connection_, "SELECT value FROM project_info WHERE key = ?");
  query.bind(1, key);
  if (!query.step()) {
    throw StorageError(databasePath().string(), "project database lacks its '" + key + "' entry");
  }
  return query.text(0);
}

std::string Project::title() {
  return info("title");
}

long long Project::schemeId() {
  return storedId(info("scheme_id"), "scheme_id");
}

long long Project::storedId(const std::string& text, const std::string& key) {
  std::size_t used = 0;
  long long value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (text.empty() || used != text.size() || value < 1)
    throw StorageError(databasePath().string(),
                       "project database has a damaged '" + key + "' entry: '" + text + "'");
  return value;
}

image::LabelScheme Project::scheme() {
  return repository::SchemeRepository(*connection_).get(schemeId());
}

std::optional<long long> Project::activeModelId() {
  sql::Statement query(*connection_, "SELECT value FROM project_info WHERE key = 'active_model'");
  if (!query.step()) return std::nullopt;
  return storedId(query.text(0), "active_model");
}

void Project::setActiveModel(long long modelId) {
  sql::Transaction transaction(*connection_);
  sql::Statement exists(*connection_, "SELECT 1 FROM models WHERE id = ?");
  exists.bind(1, modelId);
  if (!exists.step()) {
    throw StorageError(databasePath().string(), "no model " + std::to_string(modelId));
  }
  sql::Statement set(*connection_,
                     "INSERT OR REPLACE INTO project_info(key, value) VALUES ('active_model', ?)");
  set.bind(1, std::to_string(modelId)).run();
  transaction.commit();
}

std::string Project::storeModelFile(const fs::path& modelFile) {
  std::ifstream stream(modelFile, std::ios::binary);
  if (!stream) throw StorageError(modelFile.string(), "cannot read the model file");
  ContentHash hash;
  std::vector<char> buffer(1 << 20);
  while (stream.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) ||
         stream.gcount() > 0) {
    hash.add(buffer.data(), static_cast<std::size_t>(stream.gcount()));
  }
  const std::string relative = "models/" + hash.hex() + ".pt";
  const fs::path target = folder_ / relative;
  if (fs::exists(target)) return relative;
  const fs::path temporary = target.string() + ".partial" + std::to_string(::getpid());
  std::error_code error;
  fs::copy_file(modelFile, temporary, fs::copy_options::overwrite_existing, error);
  if (!error) fs::rename(temporary, target, error);
  if (error) {
    fs::remove(temporary, error);
    throw StorageError(target.string(), "cannot store the model file: " + error.message());
  }
  return relative;
}

void Project::backupTo(const fs::path& target) {
  sqlite3* destination = nullptr;
  int code = sqlite3_open(target.c_str(), &destination);
  if (code == SQLITE_OK) {
    sqlite3_backup* backup =
        sqlite3_backup_init(destination, "main", connection_->handle(), "main");
    code = backup ? SQLITE_OK : sqlite3_errcode(destination);
    if (backup) {
      sqlite3_backup_step(backup, -1);
      code = sqlite3_backup_finish(backup);
    }
  }
  const std::string message = destination ? sqlite3_errmsg(destination) : "out of memory";
  sqlite3_close(destination);
  if (code != SQLITE_OK) {
    std::error_code ignored;
    fs::remove(target, ignored);
    throw StorageError(target.string(), "backup failed: " + message);
  }
}

std::string Project::integrityCheck() {
  sql::Statement check(*connection_, "PRAGMA integrity_check");
  std::vector<std::string> problems;
  while (check.step()) problems.push_back(check.text(0));
  if (problems.size() == 1) return problems.front();
  return problems.front() + " (and " + std::to_string(problems.size() - 1) + " more problems)";
}

}  // namespace voxsiam::storage
