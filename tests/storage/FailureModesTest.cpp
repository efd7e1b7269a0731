#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/image/phantom/PhantomGenerator.h"
#include "storage/ContentHash.h"
#include "storage/Schema.h"
#include "storage/StorageError.h"
#include "storage/repository/CaseRepository.h"
#include "storage/repository/LabelVersionRepository.h"
#include "storage/sql/Connection.h"
#include "tests/storage/StorageFixtures.h"
#include "tests/support/TestData.h"

namespace voxsiam {
namespace {

namespace fs = std::filesystem;

std::string fileHash(const fs::path& path) {
  std::ifstream stream(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(stream)),
                          std::istreambuf_iterator<char>());
  return storage::sha256Hex(bytes.data(), bytes.size());
}

std::size_t lineCount(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

/// A project with one generated case and `versions` label versions; returns the versions' seeds.
void makeProject(const fs::path& folder, int versions) {
  const auto grid = test::testGrid({48, 40, 12});
  storage::Project project = storage::Project::create(folder, {});
  const long long caseId = test::addGeneratedCase(project, "c1", grid, 3);
  storage::repository::LabelVersionRepository repository(project.connection());
  for (int seed = 0; seed < versions; ++seed) {
    const auto version = test::manualVersion(caseId, project.schemeId(), std::to_string(seed));
    repository.save(version, test::generatedLabels(grid, static_cast<std::uint64_t>(seed)));
  }
}

/// Checks that every label version of the project is intact and returns how many there are.
std::size_t intactVersions(const fs::path& folder) {
  storage::Project project(folder);
  EXPECT_EQ(project.integrityCheck(), "ok");
  const auto grid = test::testGrid({48, 40, 12});
  storage::repository::LabelVersionRepository repository(project.connection());
  const auto versions = repository.forCase(1);
  for (const auto& info : versions) {
    EXPECT_EQ(repository.load(info.id).voxels(),
              test::generatedLabels(grid, std::stoull(info.note)).voxels());
  }
  return versions.size();
}

TEST(FailureModesTest, NewerSchemaIsRefusedAndLeftUntouched) {
  test::TempFolder temp;
  const fs::path folder = temp.path() / "p";
  makeProject(folder, 2);
  {
    storage::sql::Connection raw((folder / "project.sqlite").string(),
                                 storage::sql::OpenMode::ReadWrite);
    raw.execute("PRAGMA user_version = " + std::to_string(storage::kSchemaVersion + 1));
  }
  const std::string before = fileHash(folder / "project.sqlite");
  try {
    storage::Project project(folder);
    ADD_FAILURE() << "a newer schema was opened";
  } catch (const storage::StorageError& error) {
    const std::string newer = "schema version " + std::to_string(storage::kSchemaVersion + 1);
    EXPECT_NE(error.problem().find(newer), std::string::npos) << error.what();
  }
  const auto cli = test::runVoxsiam("project list '" + folder.string() + "'");
  EXPECT_EQ(cli.exitCode, 1);
  EXPECT_EQ(lineCount(cli.err), 1u) << cli.err;
  EXPECT_NE(cli.err.find("newer VoxSiam"), std::string::npos) << cli.err;
  EXPECT_EQ(fileHash(folder / "project.sqlite"), before);
}

TEST(FailureModesTest, CorruptDatabaseGivesOneLineErrors) {
  test::TempFolder temp;
  const fs::path garbage = temp.path() / "garbage";
  makeProject(garbage, 1);
  {
    std::ofstream stream(garbage / "project.sqlite", std::ios::binary | std::ios::trunc);
    stream << std::string(8192, 'x');
  }
  const auto notDatabase = test::runVoxsiam("project list '" + garbage.string() + "'");
  EXPECT_EQ(notDatabase.exitCode, 1);
  EXPECT_EQ(lineCount(notDatabase.err), 1u) << notDatabase.err;
  EXPECT_NE(notDatabase.err.find("not a project database"), std::string::npos) << notDatabase.err;

  const fs::path damaged = temp.path() / "damaged";
  makeProject(damaged, 6);
  const fs::path database = damaged / "project.sqlite";
  {
    std::fstream stream(database, std::ios::binary | std::ios::in | std::ios::out);
    const auto size = static_cast<std::streamoff>(fs::file_size(database));
    for (std::streamoff offset = 3 * 4096; offset < size; offset += 4096) {
      stream.seekp(offset + 8);
      stream << std::string(600, '\x5a');
    }
  }
  const auto check = test::runVoxsiam("project check '" + damaged.string() + "'");
  EXPECT_EQ(check.exitCode, 1) << check.out;
  EXPECT_EQ(lineCount(check.err), 1u) << check.err;
  EXPECT_NE(check.err.find(database.string()), std::string::npos) << check.err;
  const auto exported = test::runVoxsiam("project export '" + damaged.string() +
                                         "' --case c1 --out '" + temp.file("out") + "'");
  EXPECT_EQ(exported.exitCode, 1);
  EXPECT_EQ(lineCount(exported.err), 1u) << exported.err;
  EXPECT_FALSE(fs::exists(temp.path() / "out" / "c1_label.nii.gz"));

  const fs::path truncated = temp.path() / "truncated";
  makeProject(truncated, 4);
  fs::resize_file(truncated / "project.sqlite", fs::file_size(truncated / "project.sqlite") / 2);
  const auto truncatedCheck = test::runVoxsiam("project check '" + truncated.string() + "'");
  EXPECT_EQ(truncatedCheck.exitCode, 1);
  EXPECT_EQ(lineCount(truncatedCheck.err), 1u) << truncatedCheck.err;
}

TEST(FailureModesTest, ReadOnlyProjectFolderReadsButRefusesWrites) {
  test::TempFolder temp;
  const fs::path folder = temp.path() / "p";
  makeProject(folder, 2);
  image::phantom::writePhantomDataset(temp.file("phantoms"), 1, 2);
  const std::string before = fileHash(folder / "project.sqlite");
  // Root may write anywhere, so as root the program runs as user nobody.
  const std::string asUser =
      geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
  // A copy of the program in the test folder, so user nobody can run it wherever the build is.
  fs::copy_file(VOXSIAM_CLI, temp.path() / "voxsiam");
  ASSERT_EQ(test::runShell("chmod -R a+rX '" + temp.path().string() + "' && chmod a-w '" +
                           folder.string() + "' '" + folder.string() + "/project.sqlite'")
                .exitCode,
            0);
  const std::string voxsiam = "'" + (temp.path() / "voxsiam").string() + "' ";
  const auto list = test::runShell(asUser + voxsiam + "project list '" + folder.string() + "'");
  EXPECT_EQ(list.exitCode, 0) << list.err;
  EXPECT_NE(list.out.find("c1\t2 versions"), std::string::npos) << list.out;
  const auto import = test::runShell(asUser + voxsiam + "project import '" + folder.string() +
                                     "' '" + temp.file("phantoms") + "'");
  EXPECT_EQ(import.exitCode, 1);
  EXPECT_NE(import.err.find(folder.string() + ": cannot import: the project is read-only"),
            std::string::npos)
      << import.out << import.err;
  EXPECT_EQ(lineCount(import.err), 1u) << import.err;
  test::runShell("chmod -R u+w '" + folder.string() + "'");
  EXPECT_EQ(fileHash(folder / "project.sqlite"), before);
  EXPECT_EQ(intactVersions(folder), 2u);
}

// A file-size limit (setrlimit) stands in for a full disk: the writer gets EFBIG part way through
// a save. Every version committed before stays intact and the failed one is absent.
TEST(FailureModesTest, FileSizeLimitMidSaveLosesNothingCommitted) {
  test::TempFolder temp;
  const fs::path folder = temp.path() / "p";
  makeProject(folder, 2);
  int pipeEnds[2];
  ASSERT_EQ(pipe(pipeEnds), 0);
  const pid_t child = fork();
  if (child == 0) {
    close(pipeEnds[0]);
    std::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{fs::file_size(folder / "project.sqlite") + 300000,
                       fs::file_size(folder / "project.sqlite") + 300000};
    setrlimit(RLIMIT_FSIZE, &limit);
    std::string message = "no error";
    try {
      storage::Project project(folder);
      const auto grid = test::testGrid({48, 40, 12});
      storage::repository::LabelVersionRepository repository(project.connection());
      for (int seed = 100; seed < 1000; ++seed) {
        const auto version = test::manualVersion(1, project.schemeId(), std::to_string(seed));
        repository.save(version, test::generatedLabels(grid, static_cast<std::uint64_t>(seed)));
      }
    } catch (const storage::StorageError& error) {
      message = error.what();
    }
    if (write(pipeEnds[1], message.data(), message.size()) < 0) _exit(2);
    _exit(0);
  }
  close(pipeEnds[1]);
  char buffer[1024] = {};
  const ssize_t got = read(pipeEnds[0], buffer, sizeof(buffer) - 1);
  close(pipeEnds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << "the writer crashed";
  const std::string message(buffer, got > 0 ? static_cast<std::size_t>(got) : 0);
  EXPECT_NE(message.find("file size limit"), std::string::npos) << message;
  const std::size_t versions = intactVersions(folder);
  EXPECT_GT(versions, 2u);
  EXPECT_LT(versions, 900u);
}

// A really full disk: a 3 MB tmpfs holds two phantom cases of four. Needs permission to mount.
TEST(FailureModesTest, FullDiskImportKeepsEarlierCasesAndLeavesNoPartialFiles) {
  test::TempFolder temp;
  const fs::path disk = temp.path() / "disk";
  fs::create_directories(disk);
  if (mount("tmpfs", disk.c_str(), "tmpfs", 0, "size=3m") != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs here (" << std::strerror(errno)
                 << "); FileSizeLimitMidSaveLosesNothingCommitted covers a full disk";
  }
  image::phantom::writePhantomDataset(temp.file("phantoms"), 4, 8);
  const std::string project = (disk / "p").string();
  const auto create = test::runVoxsiam("project create '" + project + "'");
  const auto import =
      test::runVoxsiam("project import '" + project + "' '" + temp.file("phantoms") + "'");
  const auto list = test::runVoxsiam("project list '" + project + "'");
  const auto check = test::runVoxsiam("project check '" + project + "'");
  std::size_t partial = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(project) / "volumes")) {
    partial += entry.path().string().find(".partial") != std::string::npos;
  }
  umount(disk.c_str());
  EXPECT_EQ(create.exitCode, 0) << create.err;
  EXPECT_EQ(import.exitCode, 1);
  EXPECT_EQ(lineCount(import.err), 1u) << import.err;
  EXPECT_NE(import.out.find("added phantom_000"), std::string::npos) << import.out;
  EXPECT_NE(import.out.find("failed phantom_003"), std::string::npos) << import.out;
  EXPECT_TRUE(import.out.find("disk full") != std::string::npos ||
              import.out.find("No space left") != std::string::npos)
      << import.out;
  EXPECT_EQ(check.exitCode, 0) << check.err;
  EXPECT_NE(list.out.find("phantom_000\t1 version\tin_review"), std::string::npos) << list.out;
  EXPECT_EQ(partial, 0u);
}

}  // namespace
}  // namespace voxsiam
