#!/usr/bin/env bash
# Builds the command line and its tests with AddressSanitizer + UndefinedBehaviorSanitizer
# (build-sanitize/, without the studio) and runs the command-line, image and storage tests and
# the fuzz set under them. Any report fails the run. Extra arguments go to ctest (e.g. -R Fuzz).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build-sanitize"
"$root/installer/install-deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVOXSIAM_SANITIZE=ON \
  -DVOXSIAM_GUI=OFF -DVOXSIAM_BENCH=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target voxsiam test_cli test_image test_storage
# Leaks inside the system's ITK, GDCM and LibTorch singletons are not the project's.
export LSAN_OPTIONS="suppressions=$root/installer/sanitize.supp:print_suppressions=0"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=99"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=98"
cd "$build"
ctest --output-on-failure -j "$(nproc)" --timeout 1800 -R "^(Cli|BadInput|HostileInput|Fuzz|ImageReader|ImageWriter|Dicom|Label|Project|Codec|FailureModes)" "$@"
