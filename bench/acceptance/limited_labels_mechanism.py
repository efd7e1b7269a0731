#!/usr/bin/python3
"""The mechanism behind the limited-labels study (the paper's Fig. 3): how well the encoder's voxel
features separate the organs, Dice only against voxel-Siamese, on the same test voxels.

For the test runs of one budget of bench/acceptance/limited_labels.py (every subset trained with
seed 1 whose Dice-only and voxel-Siamese runs both exist in the work folder) and each encoder level, `voxsiam embed` draws the
same voxels per organ (60 per organ and case; `embed` leaves background out) from 5
test phantoms; the script prints
  - 10-NN organ accuracy: each voxel's 10 nearest neighbours by cosine distance among the voxels
    of the *other* cases (so a voxel's own neighbourhood in its scan does not count), majority vote;
  - silhouette (cosine) of the organ classes;
and writes a side-by-side t-SNE (`voxsiam tsne`) of the deepest level's features of subset 0 for
both models: docs/limited-labels-tsne.png. Tables: bench/results/limited_labels_mechanism.md.

usage: bench/acceptance/limited_labels_mechanism.py [WORK_DIR] [BUDGET]   (budget 4 by default)
"""
import csv
import glob
import os
import subprocess
import sys

import numpy as np
from sklearn.metrics import silhouette_score

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NAMES = ["background", "spleen", "kidney_left", "gallbladder", "esophagus", "liver", "stomach",
         "pancreas", "duodenum"]
CASES = 5
PER_CLASS = 60
LEVELS = 4


def embed(voxsiam, model, image, label, layer, out):
    if not os.path.exists(out):
        subprocess.run([voxsiam, "embed", "--model", model, "--image", image, "--label", label,
                        "--layer", layer, "--per-class", str(PER_CLASS), "--seed", "5", "--out",
                        out], check=True, stdout=subprocess.DEVNULL)
    with open(out) as handle:
        rows = list(csv.DictReader(handle))
    columns = [c for c in rows[0] if c.startswith("f") and c[1:].isdigit()]
    features = np.array([[float(r[c]) for c in columns] for r in rows], dtype=np.float64)
    organs = np.array([int(r["organ"]) for r in rows])
    voxels = [r["voxel"] for r in rows]
    return features, organs, voxels


def features_of(voxsiam, run, test, layer, scratch):
    parts = []
    for case in sorted(glob.glob(os.path.join(test, "imagesTr", "*_0000.nii.gz")))[:CASES]:
        name = os.path.basename(case)[:-len("_0000.nii.gz")]
        label = os.path.join(test, "labelsTr", name + ".nii.gz")
        out = os.path.join(scratch, f"{os.path.basename(run)}_{layer}_{name}.csv")
        features, organs, voxels = embed(voxsiam, os.path.join(run, "model.pt"), case, label,
                                         layer, out)
        parts.append((features, organs, [name + ":" + v for v in voxels], name))
    features = np.concatenate([p[0] for p in parts])
    organs = np.concatenate([p[1] for p in parts])
    cases = np.concatenate([[p[3]] * len(p[1]) for p in parts])
    voxels = sum((p[2] for p in parts), [])
    return features, organs, cases, voxels


def normalised(features):
    norms = np.linalg.norm(features, axis=1, keepdims=True)
    return features / np.maximum(norms, 1e-12)


def knn_accuracy(features, organs, cases, k=10):
    unit = normalised(features)
    similarity = unit @ unit.T
    similarity[cases[:, None] == cases[None, :]] = -np.inf
    neighbours = np.argsort(-similarity, axis=1)[:, :k]
    votes = organs[neighbours]
    predicted = np.array([np.bincount(v, minlength=len(NAMES)).argmax() for v in votes])
    return float((predicted == organs).mean())


def silhouette(features, organs):
    return float(silhouette_score(normalised(features), organs, metric="cosine"))


def tsne_plot(voxsiam, inputs, scratch):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    figure, axes = plt.subplots(1, len(inputs), figsize=(5 * len(inputs), 4.6))
    for axis, (title, csv_paths) in zip(axes, inputs):
        merged = os.path.join(scratch, title.replace(" ", "_") + "_merged.csv")
        with open(merged, "w") as out:
            for index, path in enumerate(csv_paths):
                lines = open(path).read().splitlines()
                out.write("\n".join(lines if index == 0 else lines[1:]) + "\n")
        xy = merged[:-4] + "_xy.csv"
        subprocess.run([voxsiam, "tsne", "--in", merged, "--out", xy, "--seed", "1", "--threads",
                        "1"], check=True, stdout=subprocess.DEVNULL)
        with open(xy) as handle:
            rows = list(csv.DictReader(handle))
        x = np.array([float(r["tsne_x"]) for r in rows])
        y = np.array([float(r["tsne_y"]) for r in rows])
        organs = np.array([int(r["organ"]) for r in rows])
        for organ, name in enumerate(NAMES):
            chosen = organs == organ
            if not chosen.any():
                continue
            axis.scatter(x[chosen], y[chosen], s=4, label=name)
        axis.set_title(title)
        axis.set_xticks([])
        axis.set_yticks([])
    axes[-1].legend(markerscale=3, fontsize=7, loc="center left", bbox_to_anchor=(1, 0.5))
    figure.tight_layout()
    figure.savefig(os.path.join(ROOT, "docs", "limited-labels-tsne.png"), dpi=110)


def main():
    work = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "limited_labels")
    budget = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    # The current program, not the study's frozen copy: the copy predates feature extraction with
    # the training windows (issue 14, item 11) and would measure whole-volume features.
    voxsiam = os.path.join(ROOT, "build", "app", "voxsiam")
    test = os.path.join(work, "test")
    scratch = os.path.join(work, "mechanism")
    os.makedirs(scratch, exist_ok=True)
    out = [f"Budget {budget}, seed 1.", "", "| subset | level | 10-NN accuracy Dice only | voxel-Siamese | silhouette Dice only | "
           "voxel-Siamese |", "|---|---|---|---|---|---|"]
    pairs = []
    for subset in range(3):
        runs = [os.path.join(work, "runs", f"test_b{budget}_s{subset}_seed1_{m}") for m in
                ("dice", "voxsiam")]
        if all(os.path.exists(os.path.join(r, "model.pt")) for r in runs):
            pairs.append((subset, runs))
    for subset, runs in pairs:
        for level in range(LEVELS):
            results = []
            for run in runs:
                features, organs, cases, _ = features_of(voxsiam, run, test, f"enc{level}",
                                                         scratch)
                results.append((knn_accuracy(features, organs, cases),
                                silhouette(features, organs)))
            out.append(f"| {subset} | enc{level} | {results[0][0]:.3f} | {results[1][0]:.3f} | "
                       f"{results[0][1]:+.3f} | {results[1][1]:+.3f} |")
    text = "\n".join(out) + "\n"
    print(text)
    open(os.path.join(ROOT, "bench", "results", "limited_labels_mechanism.md"), "w").write(text)
    if pairs:
        subset, runs = pairs[0]
        deepest = f"enc{LEVELS - 1}"
        inputs = []
        for title, run in zip(["Dice only", "Dice + voxel-Siamese"], runs):
            paths = sorted(glob.glob(os.path.join(scratch, f"{os.path.basename(run)}_{deepest}_*.csv")))
            inputs.append((f"{title} ({deepest}, budget {budget})", paths))
        tsne_plot(voxsiam, inputs, scratch)


if __name__ == "__main__":
    main()
