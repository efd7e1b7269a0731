#include <iostream>

#include "app/cli/Commands.h"

int main(int argc, char** argv) {
  return voxsiam::cli::runVoxsiam({argv + 1, argv + argc}, std::cout, std::cerr);
}
