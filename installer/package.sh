#!/usr/bin/env bash
# Builds the project (installer/build.sh) and the Debian package build/package/voxsiam-studio_*.deb.
# Install it with: sudo apt-get install ./build/package/voxsiam-studio_*.deb
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${VOXSIAM_BUILD_DIR:-$root/build}"
"$root/installer/build.sh"
cd "$build"
cpack -G DEB >/tmp/voxsiam-cpack.log 2>&1 || { cat /tmp/voxsiam-cpack.log >&2; exit 1; }
ls "$build"/package/voxsiam-studio_*.deb
