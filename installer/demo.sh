#!/usr/bin/env bash
# The command-line demo: makes the demo project (phantom cases with labels in every review state)
# and lists it; then takes one case's label map, degrades it by resampling to 6 mm and back and
# evaluates the result against the original.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
voxsiam="$root/build/app/voxsiam"
out="${VOXSIAM_DEMO_DIR:-$root/demo}"
rm -rf "$out/project" "$out/case"
"$voxsiam" demo --out "$out/project" --cases 8 --seed 7
"$voxsiam" project list "$out/project"
"$voxsiam" project export "$out/project" --case phantom_000 --out "$out/case"
"$voxsiam" info "$out/case/phantom_000.nii.gz"
label="$out/case/phantom_000_label.nii.gz"
"$voxsiam" convert "$label" "$out/coarse.nii.gz" --map identity --spacing 6
"$voxsiam" convert "$out/coarse.nii.gz" "$out/coarse_back.nii.gz" --map identity --like "$label"
"$voxsiam" eval --pred "$out/coarse_back.nii.gz" --ref "$label" --json "$out/eval.json"
echo "demo: project in $out/project, results in $out (eval.json: per-organ Dice, HD95, ASSD)"
