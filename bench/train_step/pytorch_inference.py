#!/usr/bin/python3
"""PyTorch twin of `bench_train_step --inference-only`: bf16 inference of the f_maps-64 U-Net on
one 64x64x32 patch in a fresh process, one autocast region over all repeats.

usage: pytorch_inference.py REPEATS [THREADS]
"""
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pytorch_step import UNet3D  # noqa: E402


def main():
    repeats = int(sys.argv[1])
    torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else os.cpu_count())
    model = UNet3D(64).eval()
    image = torch.randn(1, 1, 32, 64, 64)
    with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16):
        model(image)
        start = time.perf_counter()
        for _ in range(repeats):
            torch.softmax(model(image).float(), 1)
    print(f"pytorch inference f_maps 64 bf16: {(time.perf_counter() - start) / repeats:.3f} s")


if __name__ == "__main__":
    main()
