#!/usr/bin/python3
"""Report of bench/acceptance/limited_labels.py: per cell (budget x method) the mean Dice over the
8 organs, per-organ Dice, HD95 and ASSD; the paired difference voxel-Siamese - Dice only (and
supervised contrastive - Dice only) with a 95 % bootstrap CI over subsets x seeds x test cases;
ablations; a plot of mean Dice against the label budget (docs/limited-labels.png); all scores in
bench/results/limited_labels.csv. Cells with missing runs are reported as incomplete.

usage: bench/acceptance/limited_labels_report.py WORK_DIR
"""
import csv
import glob
import json
import os
import random
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ORGANS = ["spleen", "kidney_left", "gallbladder", "esophagus", "liver", "stomach", "pancreas",
          "duodenum"]
PATTERN = re.compile(r"test_b(\d+)_s(\d+)_seed(\d+)_(\w+)$")


def load(work):
    rows = []
    for path in glob.glob(os.path.join(work, "runs", "*", "scores.json")):
        name = os.path.basename(os.path.dirname(path))
        for case, scores in json.load(open(path)).items():
            for organ in ORGANS + ["mean"]:
                rows.append({"run": name, "case": case, "organ": organ,
                             "dice": scores[organ]["dice"], "hd95": scores[organ].get("hd95"),
                             "assd": scores[organ].get("assd")})
    return rows


def bootstrap(differences, draws=5000):
    rng = random.Random(7)
    means = sorted(sum(rng.choice(differences) for _ in differences) / len(differences)
                   for _ in range(draws))
    return means[int(0.025 * draws)], means[int(0.975 * draws)]


def mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else float("nan")


def main():
    work = sys.argv[1]
    rows = load(work)
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    with open(os.path.join(ROOT, "bench", "results", "limited_labels.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["run", "case", "organ", "dice", "hd95", "assd"])
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: (r["run"], r["case"], r["organ"])))
    cells = {}
    for row in rows:
        match = PATTERN.match(row["run"])
        if match and row["organ"] == "mean":
            budget, subset, seed, method = match.groups()
            cells.setdefault((int(budget), method), {})[(subset, seed, row["case"])] = row["dice"]
    budgets = sorted({b for b, _ in cells})
    print("mean Dice over 8 organs (test phantoms + real CT when not trained on)")
    print(f"{'budget':>6s} {'method':8s} {'runs x cases':>12s} {'mean':>6s}")
    for budget, method in sorted(cells):
        values = cells[(budget, method)]
        print(f"{budget:6d} {method:8s} {len(values):12d} {mean(values.values()):6.3f}")
    print("\npaired difference to Dice only (95 % bootstrap CI over subsets x seeds x cases)")
    for budget in budgets:
        for method in ["voxsiam", "scl"]:
            if (budget, method) not in cells or (budget, "dice") not in cells:
                continue
            a, b = cells[(budget, method)], cells[(budget, "dice")]
            keys = [k for k in a if k in b and a[k] is not None and b[k] is not None]
            differences = [a[k] - b[k] for k in keys]
            if not differences:
                continue
            low, high = bootstrap(differences)
            print(f"budget {budget:2d} {method:8s} - dice: {mean(differences):+.3f} "
                  f"[{low:+.3f}, {high:+.3f}] over {len(keys)} pairs")
    plot(cells, budgets)


def plot(cells, budgets):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    figure, axes = plt.subplots(figsize=(5, 3.5))
    for method, label in [("dice", "Dice only"), ("voxsiam", "Dice + voxel-Siamese"),
                          ("scl", "Dice + supervised contrastive")]:
        points = [(b, mean(cells[(b, method)].values())) for b in budgets if (b, method) in cells]
        if points:
            axes.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=label)
    axes.set_xscale("log")
    axes.set_xticks(budgets, [str(b) for b in budgets])
    axes.set_xlabel("labelled training cases")
    axes.set_ylabel("mean Dice (8 organs, test set)")
    axes.legend()
    figure.tight_layout()
    figure.savefig(os.path.join(ROOT, "docs", "limited-labels.png"), dpi=120)


if __name__ == "__main__":
    main()
