#include "core/image/StderrSilencer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

namespace voxsiam::image::detail {

StderrSilencer::StderrSilencer() {
  std::fflush(stderr);
  const int null = ::open("/dev/null", O_WRONLY);
  if (null < 0) return;
  saved_ = ::dup(2);
  if (saved_ >= 0) ::dup2(null, 2);
  ::close(null);
}

StderrSilencer::~StderrSilencer() {
  if (saved_ < 0) return;
  std::fflush(stderr);
  ::dup2(saved_, 2);
  ::close(saved_);
}

}  // namespace voxsiam::image::detail
