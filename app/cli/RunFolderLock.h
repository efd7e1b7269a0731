#pragma once
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>

#include "core/image/InputError.h"

namespace voxsiam::cli {

/// Holds the run folder for one `train` command: a second command on the same folder while this
/// one trains is refused instead of writing into it too. The lock (flock on training.lock) ends
/// with the process, however it ends.
class RunFolderLock {
 public:
  /// Throws image::InputError when another process holds the folder or the lock file cannot be
  /// made.
  explicit RunFolderLock(const std::filesystem::path& run) {
    const std::string path = (run / "training.lock").string();
    descriptor_ = ::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
    if (descriptor_ < 0) throw image::InputError(run.string(), "cannot create training.lock");
    if (::flock(descriptor_, LOCK_EX | LOCK_NB) != 0) {
      ::close(descriptor_);
      throw image::InputError(run.string(),
                              "is being trained by another voxsiam process now; wait for it to "
                              "end or choose another --out");
    }
  }
  RunFolderLock(const RunFolderLock&) = delete;
  RunFolderLock& operator=(const RunFolderLock&) = delete;
  ~RunFolderLock() { ::close(descriptor_); }

 private:
  int descriptor_ = -1;
};

}  // namespace voxsiam::cli
