#!/usr/bin/python3
"""Plain PyTorch twin of bench/train_step: the same 3D U-Net layout (DESIGN.md section 2) and the
same training step (soft Dice, Adam) on the same input shape, timed in fp32, channels-last-3d
and bf16 autocast. Prints one JSON object with seconds per step and per inference.

usage: pytorch_step.py F_MAPS D H W REPEATS THREADS [DEVICE] [profile]
       (DEVICE: cpu (default) or cuda; with "profile" it prints instead the share of the bf16 step's
        operator self time spent in convolution kernels, from torch.profiler)
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class DoubleConv(nn.Sequential):
    def __init__(self, cin, cmid, cout):
        super().__init__(
            nn.Conv3d(cin, cmid, 3, padding=1, bias=False), nn.InstanceNorm3d(cmid), nn.ReLU(inplace=True),
            nn.Conv3d(cmid, cout, 3, padding=1, bias=False), nn.InstanceNorm3d(cout), nn.ReLU(inplace=True))


class UNet3D(nn.Module):
    def __init__(self, f_maps=64, classes=9, levels=4):
        super().__init__()
        widths = [f_maps * 2 ** level for level in range(levels)]
        self.encoders = nn.ModuleList()
        previous = 1
        for width in widths:
            self.encoders.append(DoubleConv(previous, max(width // 2, previous), width))
            previous = width
        self.decoders = nn.ModuleList(
            DoubleConv(widths[level] + widths[level + 1], widths[level], widths[level])
            for level in reversed(range(levels - 1)))
        self.head = nn.Conv3d(widths[0], classes, 1)

    def forward(self, x):
        skips = []
        for level, encoder in enumerate(self.encoders):
            if level:
                x = F.max_pool3d(x, 2)
            x = encoder(x)
            skips.append(x)
        for step, decoder in enumerate(self.decoders):
            skip = skips[-2 - step]
            x = decoder(torch.cat([skip, F.interpolate(x, size=skip.shape[2:], mode="nearest")], 1))
        return self.head(x)


def soft_dice(logits, labels):
    probabilities = torch.softmax(logits.float(), 1)
    truth = F.one_hot(labels, logits.shape[1]).permute(0, 4, 1, 2, 3).float()
    dims = (0, 2, 3, 4)
    overlap = (probabilities * truth).sum(dims)
    denominator = (probabilities * probabilities).sum(dims) + truth.sum(dims)
    return 1 - ((2 * overlap + 1e-5) / (denominator + 1e-5)).mean()


def wait_for(device):
    if device == "cuda":
        torch.cuda.synchronize()


def time_steps(model, optimizer, image, labels, repeats, bf16):
    device = image.device.type

    def step():
        optimizer.zero_grad()
        with torch.autocast(device, dtype=torch.bfloat16, enabled=bf16):
            loss = soft_dice(model(image), labels)
        loss.backward()
        optimizer.step()
        wait_for(device)
    step()
    start = time.perf_counter()
    for _ in range(repeats):
        step()
    return (time.perf_counter() - start) / repeats


def time_inference(model, image, repeats, bf16):
    device = image.device.type
    with torch.no_grad(), torch.autocast(device, dtype=torch.bfloat16, enabled=bf16):
        model(image)
        wait_for(device)
        start = time.perf_counter()
        for _ in range(repeats):
            torch.softmax(model(image).float(), 1)
            wait_for(device)
    return (time.perf_counter() - start) / repeats


def convolution_share(f_maps, image, labels, repeats):
    """Share of the bf16 step's operator self time in convolution kernels (forward and backward)."""
    from torch.profiler import profile, ProfilerActivity
    model = UNet3D(f_maps).to(image.device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-5)
    time_steps(model, optimizer, image, labels, 1, True)
    with profile(activities=[ProfilerActivity.CPU]) as profiled:
        time_steps(model, optimizer, image, labels, repeats, True)
    averages = profiled.key_averages()
    total = sum(event.self_cpu_time_total for event in averages)
    convolution = sum(event.self_cpu_time_total for event in averages if "convolution" in event.key)
    return {"bf16_step_convolution_share": convolution / total}


def main():
    f_maps, d, h, w, repeats, threads = (int(a) for a in sys.argv[1:7])
    device = sys.argv[7] if len(sys.argv) > 7 else "cpu"
    torch.set_num_threads(threads)
    torch.backends.cudnn.benchmark = True
    torch.manual_seed(0)
    image = torch.randn(1, 1, d, h, w, device=device)
    labels = torch.randint(0, 9, (1, d, h, w), device=device)
    if "profile" in sys.argv[8:]:
        print(json.dumps(convolution_share(f_maps, image, labels, repeats)))
        return
    results = {}
    for name, channels_last, bf16 in [("fp32", False, False), ("channels_last_3d", True, False), ("bf16_autocast", False, True)]:
        model = UNet3D(f_maps).to(device)
        x = image
        if channels_last:
            model = model.to(memory_format=torch.channels_last_3d)
            x = image.to(memory_format=torch.channels_last_3d)
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-5)
        results[name] = time_steps(model, optimizer, x, labels, repeats, bf16)
    model = UNet3D(f_maps).to(device).eval()
    results["inference_fp32"] = time_inference(model, image, repeats, False)
    results["inference_bf16"] = time_inference(model, image, repeats, True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
