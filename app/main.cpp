#include <csignal>
#include <iostream>

#include "app/cli/Commands.h"

int main(int argc, char** argv) {
  // A file-size limit then makes writes fail with an error message instead of killing the program.
  std::signal(SIGXFSZ, SIG_IGN);
  return voxsiam::cli::runVoxsiam({argv + 1, argv + argc}, std::cout, std::cerr);
}
