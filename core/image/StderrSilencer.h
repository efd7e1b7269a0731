#pragma once

namespace voxsiam::image::detail {

/// While alive, sends what is written to file descriptor 2 to /dev/null. Third-party readers
/// (the NIfTI library inside ITK) print their own diagnostics there; the project reports errors
/// itself, in one line. Output of other threads to stderr is lost meanwhile.
class StderrSilencer {
 public:
  StderrSilencer();
  ~StderrSilencer();
  StderrSilencer(const StderrSilencer&) = delete;
  StderrSilencer& operator=(const StderrSilencer&) = delete;

 private:
  int saved_ = -1;
};

}  // namespace voxsiam::image::detail
