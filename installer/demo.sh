#!/usr/bin/env bash
# The demo: makes the demo project (phantom cases with labels in every review state) and opens it
# in VoxSiam Studio. Without a display (no $DISPLAY or $WAYLAND_DISPLAY) it says so and runs the
# command-line demo instead: lists the project, exports one case, degrades its label map by
# resampling to 6 mm and back and evaluates the result against the original.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
voxsiam="$root/build/app/voxsiam"
studio="$root/build/app/voxsiam-studio"
out="${VOXSIAM_DEMO_DIR:-$root/demo}"
rm -rf "$out/project" "$out/case"
"$voxsiam" demo --out "$out/project" --cases 8 --seed 7
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x "$studio" ]; then
  echo "demo: opening VoxSiam Studio on $out/project"
  exec "$studio" --project "$out/project"
fi
echo "demo: no display found, so the studio cannot open; running the command-line demo instead"
"$voxsiam" project list "$out/project"
"$voxsiam" project export "$out/project" --case phantom_000 --out "$out/case"
"$voxsiam" info "$out/case/phantom_000.nii.gz"
label="$out/case/phantom_000_label.nii.gz"
"$voxsiam" convert "$label" "$out/coarse.nii.gz" --map identity --spacing 6
"$voxsiam" convert "$out/coarse.nii.gz" "$out/coarse_back.nii.gz" --map identity --like "$label"
"$voxsiam" eval --pred "$out/coarse_back.nii.gz" --ref "$label" --json "$out/eval.json"
echo "demo: project in $out/project, results in $out (eval.json: per-organ Dice, HD95, ASSD)"
