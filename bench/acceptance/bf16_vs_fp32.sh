#!/usr/bin/env bash
# Checks bf16 autocast training against fp32: the same cpu-quick settings and the same number of
# steps (40 epochs × 25 steps, no time budget) on 12 phantom cases, once per precision and training
# seed, then per-organ Dice on held-out phantom cases (4 unless TEST_CASES says otherwise): the
# difference for each seed and between the means over the seeds (SEEDS, default "1").
# Trained models in WORK_DIR are reused, so a larger test set can be scored without retraining.
#
# usage: [TEST_CASES=N] [SEEDS="1 2"] bench/acceptance/bf16_vs_fp32.sh [WORK_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
voxsiam="$root/build/app/voxsiam"
work="${1:-$root/build/precision}"
seeds="${SEEDS:-1}"
mkdir -p "$work"
"$voxsiam" phantom --out "$work/train" --cases 12 --seed 1 >/dev/null
tests="${TEST_CASES:-4}"
rm -rf "$work/test" "$work"/run_*/eval_*.json "$work"/run_*/pred_*.nii.gz
"$voxsiam" phantom --out "$work/test" --cases "$tests" --seed 99 >/dev/null

run_name() { # precision seed
  if [ "$2" = 1 ]; then echo "run_$1"; else echo "run_$1_seed$2"; fi
}

for seed in $seeds; do
  for precision in bf16 fp32; do
    run="$work/$(run_name "$precision" "$seed")"
    config="$run.json"
    cat >"$config" <<JSON
{"method": "voxsiam", "data": [{"folder": "$work/train"}], "validation_cases": ["phantom_004", "phantom_009"],
 "network": {"f_maps": 16, "levels": 4}, "preprocess": {"mode": "spacing", "spacing": [4, 4, 4]},
 "training": {"patch": [64, 64, 32], "batch_size": 2, "epochs": 40, "steps_per_epoch": 25,
              "learning_rate": 0.003, "precision": "$precision", "seed": $seed}}
JSON
    start=$(date +%s)
    [ -f "$run/model.pt" ] || "$voxsiam" train --config "$config" --out "$run" >/dev/null
    echo "$precision seed $seed: trained in $(( $(date +%s) - start )) s"
    for image in "$work"/test/imagesTr/*_0000.nii.gz; do
      name="$(basename "$image" _0000.nii.gz)"
      "$voxsiam" predict --model "$run/model.pt" --image "$image" --out "$run/pred_$name.nii.gz" >/dev/null
      "$voxsiam" eval --pred "$run/pred_$name.nii.gz" --ref "$work/test/labelsTr/$name.nii.gz" --json "$run/eval_$name.json" >/dev/null
    done
  done
done
/usr/bin/python3 - "$work" $seeds <<'PY'
import glob, json, os, sys
work, seeds = sys.argv[1], sys.argv[2:]
organs = ["spleen", "kidney_left", "gallbladder", "esophagus", "liver", "stomach", "pancreas", "duodenum"]
def run_dir(precision, seed):
    return os.path.join(work, f"run_{precision}" if seed == "1" else f"run_{precision}_seed{seed}")
def mean_dice(precision, seed, organ):
    files = sorted(glob.glob(os.path.join(run_dir(precision, seed), "eval_*.json")))
    values = [json.load(open(f))[organ]["dice"] for f in files]
    values = [v for v in values if v is not None]
    return sum(values) / len(values)
def table(title, dice):
    print(title)
    print(f"{'organ':14s}  bf16    fp32    difference")
    worst = 0.0
    for organ in organs + ["mean"]:
        b, f = dice("bf16", organ), dice("fp32", organ)
        if organ != "mean":
            worst = max(worst, abs(b - f))
        print(f"{organ:14s}  {b:.3f}   {f:.3f}   {b - f:+.3f}")
    print(f"largest per-organ difference: {worst:.3f} (goal 0.01)\n")
for seed in seeds:
    table(f"seed {seed}", lambda p, o, s=seed: mean_dice(p, s, o))
if len(seeds) > 1:
    table(f"mean over seeds {' '.join(seeds)}",
          lambda p, o: sum(mean_dice(p, s, o) for s in seeds) / len(seeds))
PY
