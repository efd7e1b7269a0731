#!/usr/bin/python3
"""Report of bench/acceptance/limited_labels.py: per cell (budget x method) the mean Dice over the
8 organs, per-organ Dice, HD95 and ASSD; the paired difference voxel-Siamese - Dice only (and
supervised contrastive - Dice only) with a 95 % bootstrap CI over subsets x seeds x test cases;
the tuning choice and the ablations; a plot of mean Dice against the label budget
(docs/limited-labels.png); all scores in bench/results/limited_labels.csv and the tables as
Markdown in bench/results/limited_labels.md. Cells with missing runs say how many runs they hold.

The 20 test phantoms and the real CT are reported apart: on the real CT the reference is
TotalSegmentator's output, so its Dice is agreement with TotalSegmentator, not with a radiologist.

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
TEST_RUN = re.compile(r"test_b(\d+)_s(\d+)_seed(\d+)_(\w+)$")
ABLATION_RUN = re.compile(r"ablate_(\w+)_seed(\d+)$")
REAL = "real_ct"
METHODS = [("dice", "Dice only"), ("voxsiam", "Dice + voxel-Siamese"),
           ("scl", "Dice + supervised contrastive")]


def load(work):
    rows = []
    paths = {os.path.basename(os.path.dirname(p)): p
             for p in glob.glob(os.path.join(work, "runs", "*", "scores.json"))}
    kept = os.path.join(ROOT, "bench", "results", "limited_labels_runs")
    paths.update({os.path.basename(p)[:-5]: p for p in glob.glob(os.path.join(kept, "*.json"))})
    for name, path in sorted(paths.items()):
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


def run_bootstrap(by_run, draws=5000):
    """95 % CI of the mean difference when whole training runs are resampled (the cases of one
    run are not independent of each other): each draw picks runs with replacement and averages
    all their cases' differences."""
    rng = random.Random(7)
    runs = list(by_run.values())
    means = []
    for _ in range(draws):
        picked = [rng.choice(runs) for _ in runs]
        means.append(sum(sum(r) for r in picked) / sum(len(r) for r in picked))
    means.sort()
    return means[int(0.025 * draws)], means[int(0.975 * draws)]


def mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else float("nan")


def test_cells(rows, real):
    """(budget, method) -> {(subset, seed, case, organ): row} for the phantoms or the real CT."""
    cells = {}
    for row in rows:
        match = TEST_RUN.match(row["run"])
        if match and (row["case"] == REAL) == real:
            budget, subset, seed, method = match.groups()
            cells.setdefault((int(budget), method), {})[(subset, seed, row["case"],
                                                         row["organ"])] = row
    return cells


def organ_values(cell, organ, metric):
    return [row[metric] for key, row in cell.items() if key[3] == organ]


def runs_in(cell):
    return len({key[:2] for key in cell})


def summary_table(cells, out):
    out.append("| budget | method | runs | mean Dice | mean HD95 (mm) | mean ASSD (mm) | "
               + " | ".join(ORGANS) + " |")
    out.append("|---|---|---|---|---|---|" + "---|" * len(ORGANS))
    for budget, method in sorted(cells):
        cell = cells[(budget, method)]
        organs = " | ".join(f"{mean(organ_values(cell, o, 'dice')):.3f}" for o in ORGANS)
        out.append(f"| {budget} | {method} | {runs_in(cell)} | "
                   f"{mean(organ_values(cell, 'mean', 'dice')):.3f} | "
                   f"{mean(organ_values(cell, 'mean', 'hd95')):.1f} | "
                   f"{mean(organ_values(cell, 'mean', 'assd')):.2f} | {organs} |")


def paired_keys(cell, baseline, organ):
    return [k for k in cell if k[3] == organ and k in baseline
            and cell[k]["dice"] is not None and baseline[k]["dice"] is not None]


def paired(cell, baseline, organ="mean"):
    return [cell[k]["dice"] - baseline[k]["dice"] for k in paired_keys(cell, baseline, organ)]


def paired_by_run(cell, baseline, organ="mean"):
    """(subset, seed) -> the paired differences of that run's test cases."""
    by_run = {}
    for k in paired_keys(cell, baseline, organ):
        by_run.setdefault(k[:2], []).append(cell[k]["dice"] - baseline[k]["dice"])
    return by_run


def difference_table(cells, out):
    out.append("| budget | method − Dice only | mean Dice difference | 95 % bootstrap CI (pairs "
               "resampled) | pairs | 95 % CI (runs resampled) | runs |")
    out.append("|---|---|---|---|---|---|---|")
    for budget in sorted({b for b, _ in cells}):
        for method in ["voxsiam", "scl"]:
            if (budget, method) not in cells or (budget, "dice") not in cells:
                continue
            differences = paired(cells[(budget, method)], cells[(budget, "dice")])
            if differences:
                low, high = bootstrap(differences)
                by_run = paired_by_run(cells[(budget, method)], cells[(budget, "dice")])
                run_low, run_high = run_bootstrap(by_run)
                out.append(f"| {budget} | {method} | {mean(differences):+.3f} | "
                           f"[{low:+.3f}, {high:+.3f}] | {len(differences)} | "
                           f"[{run_low:+.3f}, {run_high:+.3f}] | {len(by_run)} |")


def ablation_table(rows, out):
    """Ablations at budget 4 (subset 0) against the chosen voxel-Siamese and Dice only runs."""
    scores = {}
    for row in rows:
        if row["organ"] != "mean" or row["case"] == REAL:
            continue
        match = ABLATION_RUN.match(row["run"])
        test = TEST_RUN.match(row["run"])
        if match:
            label, seed = match.groups()
        elif test and test.group(1) == "4" and test.group(2) == "0":
            label, seed = "chosen " + test.group(4), test.group(3)
        else:
            continue
        scores.setdefault(label, {})[(seed, row["case"])] = row["dice"]
    reference = scores.get("chosen voxsiam", {})
    out.append("| variant (budget 4, subset 0) | runs | mean Dice | − chosen voxel-Siamese "
               "[95 % CI] |")
    out.append("|---|---|---|---|")
    for label in sorted(scores):
        values = scores[label]
        differences = [values[k] - reference[k] for k in values if k in reference
                       and values[k] is not None and reference[k] is not None]
        interval = ""
        if differences and label != "chosen voxsiam":
            low, high = bootstrap(differences)
            interval = f"{mean(differences):+.3f} [{low:+.3f}, {high:+.3f}]"
        out.append(f"| {label} | {len({k[0] for k in values})} | {mean(values.values()):.3f} | "
                   f"{interval} |")


def tuning_table(out):
    path = os.path.join(ROOT, "bench", "results", "limited_labels_choice.json")
    if not os.path.exists(path):
        return
    choice = json.load(open(path))
    out.append(f"Chosen on {choice['chosen_on']}: `{json.dumps(choice['voxsiam_changes'])}`\n")
    out.append("| tuning variant | validation mean Dice |")
    out.append("|---|---|")
    for label, value in choice["validation_mean_dice"].items():
        out.append(f"| {label} | {value:.3f} |")


def write_csv(rows):
    with open(os.path.join(ROOT, "bench", "results", "limited_labels.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["run", "case", "organ", "dice", "hd95", "assd"])
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: (r["run"], r["case"], r["organ"])))


def main():
    work = sys.argv[1]
    rows = load(work)
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    write_csv(rows)
    phantoms, real = test_cells(rows, False), test_cells(rows, True)
    out = ["### Tuning (validation phantoms only)\n"]
    tuning_table(out)
    out.append("\n### Test phantoms (20 cases, seed 99)\n")
    summary_table(phantoms, out)
    out.append("")
    difference_table(phantoms, out)
    out.append("\n### Real CT (reference: TotalSegmentator's labels; runs that did not train on it)\n")
    summary_table(real, out)
    out.append("")
    difference_table(real, out)
    out.append("\n### Ablations (test phantoms)\n")
    ablation_table(rows, out)
    text = "\n".join(out) + "\n"
    open(os.path.join(ROOT, "bench", "results", "limited_labels.md"), "w").write(text)
    print(text)
    plot(phantoms)


def plot(cells):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    budgets = sorted({b for b, _ in cells})
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8))
    for method, label in METHODS:
        present = [b for b in budgets if (b, method) in cells]
        if not present:
            continue
        run_means = [run_means_of(cells[(b, method)]) for b in present]
        centres = [mean(r) for r in run_means]
        spans = [[c - min(r) for c, r in zip(centres, run_means)],
                 [max(r) - c for c, r in zip(centres, run_means)]]
        if len(present) == 1:
            label += f" ({present[0]} cases only)"
        left.errorbar(present, centres, yerr=spans, marker="o", capsize=3, label=label)
    left.set_title("mean Dice; bars: lowest and highest of the 6 runs")
    left.set_ylabel("mean Dice (8 organs, 20 test phantoms)")
    left.legend(fontsize=8)
    for method, label in METHODS[1:]:
        present = [b for b in budgets if (b, method) in cells and (b, "dice") in cells]
        for budget in present:
            by_run = paired_by_run(cells[(budget, method)], cells[(budget, "dice")])
            low, high = run_bootstrap(by_run)
            centre = mean(paired(cells[(budget, method)], cells[(budget, "dice")]))
            shift = 1.04 if method == "scl" else 1.0
            right.errorbar([budget * shift], [centre], yerr=[[centre - low], [high - centre]],
                           marker="o", capsize=3, color="C1" if method == "voxsiam" else "C2",
                           label=label if budget == present[0] else None)
    right.axhline(0, color="grey", linewidth=1)
    right.set_title("paired difference to Dice only, 95 % CI over runs")
    right.set_ylabel("Dice difference")
    right.legend(fontsize=8)
    for axes in (left, right):
        axes.set_xscale("log")
        axes.set_xticks(budgets, [str(b) for b in budgets])
        axes.minorticks_off()
        axes.set_xlabel("labelled training cases (log scale)")
    figure.tight_layout()
    figure.savefig(os.path.join(ROOT, "docs", "limited-labels.png"), dpi=110)


def run_means_of(cell):
    """Mean Dice over the test cases of each run (subset, seed) of a cell."""
    by_run = {}
    for key, row in cell.items():
        if key[3] == "mean" and row["dice"] is not None:
            by_run.setdefault(key[:2], []).append(row["dice"])
    return [mean(values) for values in by_run.values()]


if __name__ == "__main__":
    main()
