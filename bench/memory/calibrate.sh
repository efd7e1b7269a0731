#!/bin/bash
# bench/memory: measured peak memory (max RSS) of short CPU training runs against the estimate
# that `voxsiam train` prints ("a step needs about ...") and uses to refuse configurations that
# cannot fit. Usage: bench/memory/calibrate.sh BUILD_DIR [WORK_DIR]
set -euo pipefail
build=$(realpath "${1:?build folder}")
work=${2:-/tmp/voxsiam-memory}
voxsiam="$build/app/voxsiam"
mkdir -p "$work" && cd "$work"
[ -d phantom ] || "$voxsiam" phantom --out phantom --cases 3 --seed 1 >/dev/null
measure() {  # f_maps "i j k" batch
  local name="f$1_p${2// /x}_b$3"
  cat >"$name.json" <<JSON
{"data": [{"folder": "phantom"}], "method": "voxsiam", "network": {"f_maps": $1, "levels": 4},
 "preprocess": {"mode": "spacing", "spacing": [1.5, 1.5, 1.5]}, "validation_fraction": 0,
 "training": {"epochs": 1, "steps_per_epoch": 2, "batch_size": $3, "patch": [${2// /,}],
              "threads": 2}}
JSON
  rm -rf "run_$name"
  /usr/bin/time -f "%M" -o "$name.rss" "$voxsiam" train --config "$name.json" --out "run_$name" \
    >"$name.log" 2>&1
  local estimate
  estimate=$(grep -o "needs about [0-9.]* GB" "$name.log" | grep -o "[0-9.]*")
  printf "%-22s max RSS %6.2f GB   estimate %6.2f GB\n" "$name" \
    "$(echo "$(cat "$name.rss") / 1000000" | bc -l)" "$estimate"
}
measure 4 "32 32 32" 1
for config in "16|64 64 32|2" "32|64 64 64|2" "16|96 96 64|2" "64|64 64 64|2" "8|128 128 128|2" \
  "32|96 96 96|2"; do
  IFS='|' read -r fmaps patch batch <<<"$config"
  measure "$fmaps" "$patch" "$batch"
done
echo "growth = max RSS minus the first (smallest) run's; the estimate should be near the growth"
