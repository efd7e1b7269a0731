#!/usr/bin/env bash
# The command-line demo: makes phantom cases, describes one, degrades its label map by
# resampling to 6 mm and back, and evaluates the result against the original.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
voxsiam="$root/build/app/voxsiam"
out="${VOXSIAM_DEMO_DIR:-$root/demo}"
"$voxsiam" phantom --out "$out/phantoms" --cases 4 --seed 7
"$voxsiam" info "$out/phantoms/imagesTr/phantom_000_0000.nii.gz"
label="$out/phantoms/labelsTr/phantom_000.nii.gz"
"$voxsiam" convert "$label" "$out/coarse.nii.gz" --map identity --spacing 6
"$voxsiam" convert "$out/coarse.nii.gz" "$out/coarse_back.nii.gz" --map identity --like "$label"
"$voxsiam" eval --pred "$out/coarse_back.nii.gz" --ref "$label" --json "$out/eval.json"
echo "demo: results in $out (eval.json: per-organ Dice, HD95, ASSD)"
