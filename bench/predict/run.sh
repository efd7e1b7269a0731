#!/usr/bin/env bash
# bench/predict: time and peak memory of `voxsiam predict` on a 512x512x300 CT (the shared CT
# resampled to about 0.7 x 0.6 x 1.1 mm) with a cpu-quick model, next to a plain PyTorch
# implementation of the same steps (pytorch_predict.py) run on the same CT in the same run, with
# the ratio. The model is trained for one short epoch on phantoms when none is given (its
# weights do not change the time).
# usage: bench/predict/run.sh [MODEL.pt] [THREADS]   (work files in build/bench_predict)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
voxsiam="$root/build/app/voxsiam"
work="$root/build/bench_predict"
threads="${2:-2}"
mkdir -p "$work"
ct="$work/ct512x512x300.nii.gz"
if [ ! -f "$ct" ]; then
  "$voxsiam" convert "$root/../shared/data/totalseg/ct.nii.gz" "$work/resampled.nii.gz" \
    --spacing 0.715,0.592,1.12 >/dev/null
  /usr/bin/python3 -c "
import sys, nibabel as nib, numpy as np
im = nib.load(sys.argv[1]); d = np.rint(im.get_fdata(dtype=np.float32)).astype(np.int16)
h = im.header.copy(); h.set_data_dtype(np.int16); h['scl_slope'] = 1; h['scl_inter'] = 0
nib.save(nib.Nifti1Image(d, im.affine, h), sys.argv[2])" "$work/resampled.nii.gz" "$ct"
  rm "$work/resampled.nii.gz"
fi
model="${1:-$work/run/model.pt}"
if [ ! -f "$model" ]; then
  "$voxsiam" phantom --out "$work/phantoms" --cases 3 --seed 5 >/dev/null
  "$voxsiam" train --preset cpu-quick --data "$work/phantoms" --epochs 1 --out "$work/run" >/dev/null
fi
peak() { grep "Maximum resident" "$1" | awk '{printf "%.0f", $6 / 1024}'; }
wall() { grep "Elapsed (wall" "$1" | awk '{print $8}' | awk -F: '{print $(NF-1) * 60 + $NF}'; }
OMP_NUM_THREADS="$threads" /usr/bin/time -v "$voxsiam" predict --model "$model" --image "$ct" \
  --out "$work/voxsiam_labels.nii.gz" >/dev/null 2>"$work/voxsiam.time"
precision=$(grep -q -w -e avx512_bf16 -e amx_bf16 /proc/cpuinfo && echo bf16 || echo fp32)
/usr/bin/time -v /usr/bin/python3 "$root/bench/predict/pytorch_predict.py" "$ct" \
  "$work/pytorch_labels.nii.gz" "$threads" "$precision" >"$work/pytorch.json" 2>"$work/pytorch.time"
ours=$(wall "$work/voxsiam.time")
theirs=$(wall "$work/pytorch.time")
echo "CT 512x512x300 ($(nproc) cores, $threads threads, $precision):"
echo "  voxsiam predict: $ours s, peak $(peak "$work/voxsiam.time") MB"
echo "  PyTorch (Python) same steps: $theirs s, peak $(peak "$work/pytorch.time") MB ($(cat "$work/pytorch.json"))"
echo "  ratio PyTorch / voxsiam time: $(/usr/bin/python3 -c "print(round($theirs / $ours, 2))")"
