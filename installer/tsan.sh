#!/usr/bin/env bash
# Builds the view-model tests with ThreadSanitizer (build-tsan/, without the studio's widgets)
# and runs them: the training, embedding, import, case-loading and surface controllers and the
# background-job pattern they share. Any race report fails the run. Extra arguments go to the
# test program (e.g. --gtest_filter=TrainingController.*).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build-tsan"
"$root/installer/install-deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVOXSIAM_TSAN=ON \
  -DVOXSIAM_BENCH=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target test_ui_model
export TSAN_OPTIONS="halt_on_error=1:exitcode=66:second_deadlock_stack=1:suppressions=$root/installer/tsan.supp"
env -u DISPLAY "$build/tests/ui/test_ui_model" "$@"
