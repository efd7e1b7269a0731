#!/usr/bin/env bash
# The README's two set-up commands for a fresh Debian 12 machine:
#   installer/setup.sh run    install packages, build, open the studio on the demo project
#                             (without a display: the command-line demo)
#   installer/setup.sh test   install packages, build, run every test
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode="${1:-}"
case "$mode" in
  run | test) ;;
  *) echo "usage: installer/setup.sh run|test" >&2; exit 2 ;;
esac
"$root/installer/install-deps.sh"
"$root/installer/build.sh"
if [ "$mode" = test ]; then
  cd "$root/build"
  ctest --output-on-failure -j "$(nproc)" --timeout 900
else
  "$root/installer/demo.sh"
fi
