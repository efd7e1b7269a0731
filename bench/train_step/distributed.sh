#!/usr/bin/env bash
# bench/train_step/distributed.sh: training steps per second of the cpu-quick configuration
# (f_maps 16, 4 levels, patch 64x64x32, voxel-Siamese loss on) on phantoms, as one
# process with all the machine's threads against `--nproc N` data-parallel processes sharing
# them (c10d with Gloo over loopback), for bf16 and fp32. Steps per second come from the second
# epoch's wall time (the first warms up), with no validation cases.
# usage: bench/train_step/distributed.sh [N] [STEPS] [BATCH] [PRECISIONS]
#   (defaults 2 10 2 "bf16 fp32"; work files in build/bench_distributed)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
voxsiam="$root/build/app/voxsiam"
work="$root/build/bench_distributed"
ranks="${1:-2}"
steps="${2:-10}"
batch="${3:-2}"
precisions="${4:-bf16 fp32}"
rm -rf "$work"
mkdir -p "$work"
"$voxsiam" phantom --out "$work/phantoms" --cases 4 --seed 5 >/dev/null
configure() {  # precision -> config file
  cat > "$work/$1.json" <<JSON
{"method": "voxsiam", "validation_fraction": 0,
 "network": {"f_maps": 16, "levels": 4},
 "preprocess": {"mode": "spacing", "spacing": [4.0, 4.0, 4.0]},
 "feature": {"hidden": 64, "lambda": 10},
 "training": {"patch": [64, 64, 32], "batch_size": $batch, "epochs": 2, "steps_per_epoch": $steps,
              "learning_rate": 0.003, "precision": "$1", "threads": 0, "device": "cpu"},
 "data": [{"folder": "$work/phantoms"}]}
JSON
}
rate() {  # run folder -> steps per second of its second epoch
  /usr/bin/python3 -c "
import json, sys
epochs = [json.loads(l) for l in open(sys.argv[1] + '/metrics.jsonl') if '\"epoch\"' in l]
epochs = [e for e in epochs if e['type'] == 'epoch']
print('%.3f' % (int(sys.argv[2]) / epochs[-1]['seconds']))" "$1" "$steps"
}
echo "bench/train_step/distributed.sh: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $steps steps per epoch, batch $batch"
for precision in $precisions; do
  configure "$precision"
  "$voxsiam" train --config "$work/$precision.json" --out "$work/${precision}_1" >/dev/null
  "$voxsiam" train --config "$work/$precision.json" --out "$work/${precision}_$ranks" \
    --nproc "$ranks" >/dev/null
  one=$(rate "$work/${precision}_1")
  many=$(rate "$work/${precision}_$ranks")
  threads=$(( $(nproc) / ranks ))
  echo "$precision: 1 rank x $(nproc) threads $one steps/s; $ranks ranks x $threads thread(s) $many steps/s; ratio $(/usr/bin/python3 -c "print('%.2f' % ($many / $one))")"
done
