#!/usr/bin/env bash
# A longer fuzz campaign over the command line: the CI fuzz test (tests/app/FuzzTest.cpp) with
# more cases per input kind and several seeds. Failing inputs are kept for reproduction.
#   bench/fuzz/campaign.sh [CASES_PER_KIND] [SEED ...]     (defaults: 200, seeds 1 2 3)
# Prints per seed the number of cases, refusals, acceptances and failures; exits 1 on a failure.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
test_cli="${VOXSIAM_BUILD_DIR:-$root/build}/tests/app/test_cli"
cases="${1:-200}"
shift || true
seeds=("${@:-1 2 3}")
keep="${VOXSIAM_FUZZ_KEEP:-$root/build/fuzz-failures}"
mkdir -p "$keep"
status=0
for seed in ${seeds[@]}; do
  log="$keep/seed-$seed.log"
  VOXSIAM_FUZZ_CASES="$cases" VOXSIAM_FUZZ_SEED="$seed" VOXSIAM_FUZZ_KEEP="$keep" \
    "$test_cli" --gtest_filter='Fuzz.*' >"$log" 2>&1 || status=1
  echo "seed $seed: $(grep -h '^fuzz:' "$log")"
  grep -h 'case [0-9]* (seed' "$log" | cut -c1-240
done
echo "failing inputs (if any) are in $keep"
exit $status
