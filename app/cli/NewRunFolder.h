#pragma once
#include <filesystem>
#include <system_error>
#include <utility>

namespace voxsiam::cli {

/// Watches the run folder of one `train` command: when the folder did not exist before and the
/// command ends by an exception before the first checkpoint (a configuration that cannot fit, a
/// LibTorch error), the folder is removed on destruction, so a refused run leaves nothing behind.
class NewRunFolder {
 public:
  /// Notes whether `run` exists now.
  explicit NewRunFolder(std::filesystem::path run)
      : run_(std::move(run)), created_(!std::filesystem::exists(run_)) {}
  NewRunFolder(const NewRunFolder&) = delete;
  NewRunFolder& operator=(const NewRunFolder&) = delete;
  ~NewRunFolder() {
    std::error_code error;
    if (created_ && !kept_ && !std::filesystem::exists(run_ / "checkpoints" / "last.pt", error))
      std::filesystem::remove_all(run_, error);
  }

  /// The run ended normally (finished, out of time or interrupted): the folder stays.
  void keep() { kept_ = true; }

 private:
  std::filesystem::path run_;
  bool created_;
  bool kept_ = false;
};

}  // namespace voxsiam::cli
