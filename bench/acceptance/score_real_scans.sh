#!/usr/bin/env bash
# Segments the shared real scans with a trained model and scores them: the TotalSegmentator CT
# (eval_totalseg.json, agreement with that model's labels mapped to Gibson-8) and the dcmqi slab
# (eval_dcmqi.json, its manual liver label). Writes the predictions and scores into RUN_DIR.
#
# usage: bench/acceptance/score_real_scans.sh RUN_DIR DATA_DIR
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
voxsiam="$root/build/app/voxsiam"
run="$1"
data="$2"
"$voxsiam" predict --model "$run/model.pt" --image "$data/totalseg/ct.nii.gz" --out "$run/pred_totalseg.nii.gz" >/dev/null
"$voxsiam" eval --pred "$run/pred_totalseg.nii.gz" --ref "$data/totalseg/seg_totalseg_ids.nii.gz" \
  --map-ref totalseg --json "$run/eval_totalseg.json" >/dev/null
"$voxsiam" predict --model "$run/model.pt" --image "$data/dcmqi" --out "$run/pred_dcmqi.nii.gz" >/dev/null
"$voxsiam" eval --pred "$run/pred_dcmqi.nii.gz" --ref "$data/dcmqi/liver_spine_seg.nrrd" \
  --map-ref "$root/bench/acceptance/dcmqi_to_gibson8.json" --json "$run/eval_dcmqi.json" >/dev/null
