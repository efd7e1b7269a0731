#!/usr/bin/env bash
# Configures and builds the project into build/ (Release, Ninja, ccache when present).
# Extra arguments are passed to CMake, e.g. -DVOXSIAM_BENCH=OFF.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${VOXSIAM_BUILD_DIR:-$root/build}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build "$build" -j "$(nproc)"
