#!/usr/bin/env bash
# Segments the TotalSegmentator CT as other scanners and protocols would deliver it (opposite
# voxel order, a 150 mm field of view, 5 mm slices at 0.8 mm in-plane; scan_variants.py) with a
# trained model and prints the Dice per organ of each variant against its equally transformed
# labels (agreement with TotalSegmentator's labels). A model that handles geometry well scores
# every variant about as well as the scan as stored.
#
# usage: bench/acceptance/fov_robustness.sh MODEL.pt [WORK_DIR] [DATA_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
voxsiam="$root/build/app/voxsiam"
model="$1"
work="${2:-$root/build/fov_robustness}"
data="${3:-$root/../shared/data}"
mkdir -p "$work"
/usr/bin/python3 "$root/bench/acceptance/scan_variants.py" "$data/totalseg/ct.nii.gz" \
  "$data/totalseg/seg_totalseg_ids.nii.gz" "$work"
for variant in as_stored flipped slab150mm thick5mm; do
  "$voxsiam" predict --model "$model" --image "$work/${variant}_ct.nii.gz" --out "$work/${variant}_pred.nii.gz" >/dev/null
  "$voxsiam" eval --pred "$work/${variant}_pred.nii.gz" --ref "$work/${variant}_labels.nii.gz" \
    --map-ref totalseg --json "$work/${variant}_eval.json" >/dev/null
done
/usr/bin/python3 - "$work" <<'PY'
import json, os, sys
work = sys.argv[1]
variants = ["as_stored", "flipped", "slab150mm", "thick5mm"]
organs = ["spleen", "kidney_left", "gallbladder", "liver", "stomach", "pancreas", "duodenum"]
scores = {v: json.load(open(os.path.join(work, f"{v}_eval.json"))) for v in variants}
def fmt(v): return "  -  " if v is None else f"{v:.3f}"
print(f"{'organ':12s} " + " ".join(f"{v:>10s}" for v in variants))
for organ in organs + ["mean"]:
    print(f"{organ:12s} " + " ".join(f"{fmt(scores[v][organ]['dice']):>10s}" for v in variants))
PY
