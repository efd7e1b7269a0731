#!/usr/bin/python3
"""Plain PyTorch twin of `voxsiam predict` for bench/predict: the same steps on the same CT —
body crop (largest 6-connected component above -500 HU), resampling of the crop to the 4 mm
working grid (trilinear), z-score, sliding windows of 64x64x32 with Gaussian weights (sigma =
1/8 window, overlap 0.5) through the cpu-quick 3D U-Net (f_maps 16, 4 levels, random weights:
speed only), probabilities back to the native grid (trilinear), argmax, NIfTI label file.
Prints one JSON object: seconds and peak resident memory (MB).

usage: pytorch_predict.py CT.nii.gz OUT.nii.gz THREADS [bf16|fp32]
"""
import json
import resource
import sys
import time

import nibabel
import numpy
import scipy.ndimage
import torch
import torch.nn.functional as F

sys.path.insert(0, __file__.rsplit("/", 2)[0] + "/train_step")
from pytorch_step import UNet3D  # noqa: E402  the same network layout as the benchmark's twin


def body_box(ct):
    components, count = scipy.ndimage.label(ct > -500)
    if count == 0:
        return tuple(slice(0, n) for n in ct.shape)
    sizes = numpy.bincount(components.ravel())
    sizes[0] = 0
    return scipy.ndimage.find_objects(components == sizes.argmax())[0]


def gaussian(window):
    axes = [torch.exp(-0.5 * ((torch.arange(n) - (n - 1) / 2) / (n / 8)) ** 2) for n in window]
    weights = axes[0][:, None, None] * axes[1][None, :, None] * axes[2][None, None, :]
    return weights / weights.max()


def starts(length, window, overlap=0.5):
    if length <= window:
        return [0]
    step = max(1, int(window * (1 - overlap)))
    positions = list(range(0, length - window + 1, step))
    if positions[-1] != length - window:
        positions.append(length - window)
    return positions


def sliding_window(model, image, window, classes, bf16):
    padded = [max(n, w) for n, w in zip(image.shape, window)]
    x = F.pad(image, [0, padded[2] - image.shape[2], 0, padded[1] - image.shape[1], 0,
                      padded[0] - image.shape[0]])
    weights = gaussian(window)
    total = torch.zeros((classes, *padded))
    norm = torch.zeros(padded)
    with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
        for a in starts(padded[0], window[0]):
            for b in starts(padded[1], window[1]):
                for c in starts(padded[2], window[2]):
                    patch = x[a:a + window[0], b:b + window[1], c:c + window[2]][None, None]
                    probabilities = torch.softmax(model(patch).float(), 1)[0]
                    total[:, a:a + window[0], b:b + window[1], c:c + window[2]] += probabilities * weights
                    norm[a:a + window[0], b:b + window[1], c:c + window[2]] += weights
    return (total / norm)[:, :image.shape[0], :image.shape[1], :image.shape[2]]


def main():
    path, out, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
    bf16 = len(sys.argv) < 5 or sys.argv[4] == "bf16"
    torch.set_num_threads(threads)
    start = time.perf_counter()
    image = nibabel.load(path)
    ct = numpy.asarray(image.dataobj, dtype=numpy.float32)
    box = body_box(ct)
    crop = torch.from_numpy(numpy.ascontiguousarray(ct[box]))
    spacing = image.header.get_zooms()[:3]
    grid = [max(1, round(n * s / 4.0)) for n, s in zip(crop.shape, spacing)]
    working = F.interpolate(crop[None, None], size=grid, mode="trilinear", align_corners=False)[0, 0]
    working = (working - working.mean()) / working.std().clamp_min(1e-6)
    torch.manual_seed(0)
    model = UNet3D(16, 9, 4).eval()
    probabilities = sliding_window(model, working, [64, 64, 32], 9, bf16)
    native = F.interpolate(probabilities[None], size=list(crop.shape), mode="trilinear",
                           align_corners=False)[0]
    labels = numpy.zeros(ct.shape, dtype=numpy.uint8)
    labels[box] = native.argmax(0).numpy().astype(numpy.uint8)
    nibabel.save(nibabel.Nifti1Image(labels, image.affine), out)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": round(seconds, 2), "peak_mb": round(peak_mb), "grid": grid,
                      "precision": "bf16" if bf16 else "fp32"}))


if __name__ == "__main__":
    main()
