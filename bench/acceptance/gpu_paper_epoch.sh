#!/bin/bash
# Builds core/learn and bench/train_step against the LibTorch of the machine's PyTorch (a GPU
# machine that has no Qt, VTK or ITK) and times, on CUDA: the f_maps-64 step on a 64×64×32 patch
# next to plain PyTorch on the same GPU, and one paper-preset epoch (70 volumes of 128×128×64)
# in fp32 and in bf16. Logs go to $LOG_DIR (default: the build folder); RUNNER and BENCH_ARGS
# change how the benchmark is started (a debugger in front, other arguments).
#
# usage: bench/acceptance/gpu_paper_epoch.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build-gpu}
log_dir=${LOG_DIR:-$build}
mkdir -p "$build" "$log_dir"
export PATH="$PATH:/usr/local/cuda/bin" TORCH_CUDA_ARCH_LIST="${TORCH_CUDA_ARCH_LIST:-9.0}"
python=$(command -v python3)
prefix=$("$python" -c 'import torch; print(torch.utils.cmake_prefix_path)')
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
"$python" -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda)'
cmake -S . -B "$build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" -DVOXSIAM_LEARN_ONLY=ON \
  -DVOXSIAM_TESTS=OFF >"$log_dir/configure.log" 2>&1 || { tail -40 "$log_dir/configure.log"; exit 1; }
ninja -C "$build" bench_train_step >"$log_dir/build.log" 2>&1 || { grep -m5 -A5 error "$log_dir/build.log"; tail -20 "$log_dir/build.log"; exit 1; }
# RUNNER may put a debugger in front (words without spaces), BENCH_ARGS replace the default.
read -r -a runner <<<"${RUNNER:-}"
read -r -a arguments <<<"${BENCH_ARGS:---repeats 10 --paper-epoch both}"
"${runner[@]}" "$build/bench/train_step/bench_train_step" --device cuda --python "$python" \
  "${arguments[@]}" 2>&1 | tee "$log_dir/bench.log"
