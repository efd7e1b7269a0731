#!/usr/bin/env bash
# Acceptance run of the cpu-quick preset (about 10 minutes per method on 2 cores): trains with
# Dice only and with Dice + voxel-level Siamese loss on 12 phantom cases plus the real
# TotalSegmentator CT (labels mapped to Gibson-8), then segments 4 held-out phantom cases and the
# real CT and evaluates them. Two phantom cases validate during training; the real CT trains, so
# its score shows how well the model fits it, and its reference labels come from the
# TotalSegmentator model, so the score measures agreement with that model. Last, both models
# segment a real scan they never saw, from another scanner and with a 3 mm field of view along
# the body axis (the dcmqi slices), scored on its manual liver label.
#
# usage: bench/acceptance/cpu_quick.sh [WORK_DIR] [DATA_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
voxsiam="$root/build/app/voxsiam"
work="${1:-$root/build/acceptance}"
data="${2:-$root/../shared/data}"
mkdir -p "$work"
"$voxsiam" phantom --out "$work/train" --cases 12 --seed 1 >/dev/null
"$voxsiam" phantom --out "$work/test" --cases 4 --seed 99 >/dev/null
for method in dice voxsiam; do
  run="$work/run_$method"
  [ -f "$run/model.pt" ] || "$voxsiam" train --preset cpu-quick --method "$method" --data "$work/train" \
    --case "$data/totalseg/ct.nii.gz,$data/totalseg/seg_totalseg_ids.nii.gz,totalseg" --out "$run" \
    --validate phantom_004 --validate phantom_009 \
    | grep -E "^(epoch [0-9]+/|model|training|resumed)"
  for image in "$work"/test/imagesTr/*_0000.nii.gz; do
    name="$(basename "$image" _0000.nii.gz)"
    "$voxsiam" predict --model "$run/model.pt" --image "$image" --out "$run/pred_$name.nii.gz" >/dev/null
    "$voxsiam" eval --pred "$run/pred_$name.nii.gz" --ref "$work/test/labelsTr/$name.nii.gz" \
      --json "$run/eval_$name.json" >/dev/null
  done
  "$root/bench/acceptance/score_real_scans.sh" "$run" "$data"
done
/usr/bin/python3 - "$work" <<'PY'
import json, sys, glob, os
work = sys.argv[1]
organs = ["spleen", "kidney_left", "gallbladder", "esophagus", "liver", "stomach", "pancreas", "duodenum"]
def fmt(v): return "  -   " if v is None else f"{v:.3f}"
for method in ["dice", "voxsiam"]:
    run = os.path.join(work, f"run_{method}")
    phantom = [json.load(open(f)) for f in sorted(glob.glob(os.path.join(run, "eval_phantom_*.json")))]
    real = json.load(open(os.path.join(run, "eval_totalseg.json")))
    print(f"\n{method}: Dice per organ (held-out phantoms: mean of {len(phantom)} cases; real CT: agreement with TotalSegmentator)")
    print(f"{'organ':14s} phantoms  real_ct")
    for organ in organs:
        values = [e[organ]["dice"] for e in phantom if e[organ]["dice"] is not None]
        mean = sum(values) / len(values) if values else None
        print(f"{organ:14s} {fmt(mean)}    {fmt(real[organ]['dice'])}")
    means = [e["mean"]["dice"] for e in phantom]
    print(f"{'mean':14s} {fmt(sum(means)/len(means))}    {fmt(real['mean']['dice'])}")
    slab = json.load(open(os.path.join(run, "eval_dcmqi.json")))["liver"]
    print(f"unseen real scan (dcmqi, GE, 3-slice slab, manual liver label): liver Dice {fmt(slab['dice'])}, HD95 {fmt(slab['hd95'])} mm")
PY
