#!/usr/bin/env bash
# Generalisation from synthetic to real data: trains the cpu-quick preset (Dice only unless METHOD
# says otherwise) on 12 phantom cases alone, then segments the real TotalSegmentator CT, which
# no training case resembles (another body, real noise and contrast, stored right-to-left while
# the phantoms are stored left-to-right), and the dcmqi slab. Scores on the real CT are agreement
# with the TotalSegmentator model's labels. EXTRA_PREPROCESS and EXTRA_TRAINING may add keys of
# those sections (for example '"reorient": false' or '"augment_scale": 0.2') to compare a setting
# on the same data.
#
# usage: [METHOD=dice|voxsiam] [EXTRA_PREPROCESS='"key": value'] [EXTRA_TRAINING='"key": value']
#        bench/acceptance/phantoms_to_real.sh [WORK_DIR] [DATA_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
voxsiam="$root/build/app/voxsiam"
work="${1:-$root/build/phantoms_to_real}"
data="${2:-$root/../shared/data}"
method="${METHOD:-dice}"
extra_preprocess="${EXTRA_PREPROCESS:+, $EXTRA_PREPROCESS}"
extra_training="${EXTRA_TRAINING:+, $EXTRA_TRAINING}"
mkdir -p "$work"
"$voxsiam" phantom --out "$work/train" --cases 12 --seed 1 >/dev/null
run="$work/run"
cat >"$work/config.json" <<JSON
{"method": "$method", "data": [{"folder": "$work/train"}], "validation_cases": ["phantom_004", "phantom_009"],
 "network": {"f_maps": 16, "levels": 4},
 "preprocess": {"mode": "spacing", "spacing": [4, 4, 4]$extra_preprocess},
 "training": {"patch": [64, 64, 32], "batch_size": 2, "epochs": 80, "steps_per_epoch": 25,
              "time_budget_s": 600, "learning_rate": 0.003, "precision": "bf16"$extra_training}}
JSON
[ -f "$run/model.pt" ] || "$voxsiam" train --config "$work/config.json" --out "$run" | grep -E "^(model|training)"
"$root/bench/acceptance/score_real_scans.sh" "$run" "$data"
/usr/bin/python3 - "$run" <<'PY'
import json, os, sys
run = sys.argv[1]
organs = ["spleen", "kidney_left", "gallbladder", "esophagus", "liver", "stomach", "pancreas", "duodenum"]
def fmt(v): return "  -  " if v is None else f"{v:.3f}"
real = json.load(open(os.path.join(run, "eval_totalseg.json")))
print("trained on phantoms only; real CT never seen (agreement with TotalSegmentator's labels)")
print(f"{'organ':14s} Dice   HD95 mm")
for organ in organs + ["mean"]:
    print(f"{organ:14s} {fmt(real[organ]['dice'])}  {fmt(real[organ]['hd95'])}")
slab = json.load(open(os.path.join(run, "eval_dcmqi.json")))["liver"]
print(f"dcmqi slab (GE, 3 slices, manual liver label): liver Dice {fmt(slab['dice'])}")
PY
