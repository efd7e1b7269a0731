#!/usr/bin/python3
"""The review-and-retrain loop on phantoms, resumable (a run whose scores exist is skipped):

  fine-tuning   train on 8 cases; then 4 more are approved: fine-tune the 8-case model on all 12
                for a quarter of the steps, against training from scratch on the 12 for all of
                them. Both scored on 10 held-out phantoms, with their training times.
  partial       4 fully labelled cases, plus 8 whose labels hold the liver alone: annotated as
                liver-only (the other organs unknown), against the same 8 taken as complete (the
                other organs "background": what a tool without partial labels does), against the
                4 alone. Per-organ Dice on the held-out phantoms: liver-only cases must not teach
                the other organs to vanish.

All runs: Dice only (the loop's effect, not the method's), the cpu-quick network at 4 mm, bf16,
one thread, seed 1, fixed step counts. Program frozen at the study's start (bin/voxsiam).

usage: bench/acceptance/retrain_loop.py [run|report|all] [--work DIR] [--steps N]
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import limited_labels as study  # noqa: E402  (shared helpers: frozen program, case lists)
import limited_labels_report as report_helpers  # noqa: E402  (bootstrap interval)

ROOT = study.ROOT
KEPT = os.path.join(ROOT, "bench", "results", "retrain_loop_runs")  # committed as runs finish
LIVER = 5


def base_config(steps, learning_rate=0.003):
    config = study.base_config(steps)
    config["method"] = "dice"
    config["training"].update({"seed": 1, "learning_rate": learning_rate})
    return config


def prepare(work):
    for folder, cases, seed in [("pool", 12, 31), ("heldout", 10, 55)]:
        if not os.path.exists(os.path.join(work, folder, "dataset.json")):
            study.run([study.VOXSIAM, "phantom", "--out", os.path.join(work, folder), "--cases",
                       str(cases), "--seed", str(seed)])
    liver_only = os.path.join(work, "liver_only")
    os.makedirs(liver_only, exist_ok=True)
    import nibabel
    import numpy
    for name, files in study.case_files(work, "pool").items():
        target = os.path.join(liver_only, name + ".nii.gz")
        if os.path.exists(target):
            continue
        image = nibabel.load(files["label"])
        voxels = numpy.asarray(image.dataobj)
        kept = numpy.where(voxels == LIVER, LIVER, 0).astype(voxels.dtype)
        nibabel.save(nibabel.Nifti1Image(kept, image.affine, image.header), target + ".tmp.nii.gz")
        os.replace(target + ".tmp.nii.gz", target)


def entries(work, names, liver_only=None):
    """Data entries of pool cases `names`; with liver_only "annotated" or "as_full", the liver-only
    labels (annotated as such, or taken as complete)."""
    cases = study.case_files(work, "pool")
    result = []
    for name in names:
        entry = dict(cases[name])
        if liver_only:
            entry["label"] = os.path.join(work, "liver_only", name + ".nii.gz")
            if liver_only == "annotated":
                entry["annotated"] = ["liver"]
        result.append(entry)
    return result


def runs(work, steps):
    names = sorted(study.case_files(work, "pool"))
    first8, all12, first4, last8 = names[:8], names[:12], names[:4], names[4:12]
    quarter = max(25, steps // 4)
    return {
        "scratch_8": (base_config(steps), entries(work, first8), None),
        "scratch_12": (base_config(steps), entries(work, all12), None),
        "finetune_12": (base_config(quarter, 0.001), entries(work, all12), "scratch_8"),
        "full_4": (base_config(steps), entries(work, first4), None),
        "full4_liver8_annotated": (base_config(steps),
                                   entries(work, first4) + entries(work, last8, "annotated"), None),
        "full4_liver8_as_full": (base_config(steps),
                                 entries(work, first4) + entries(work, last8, "as_full"), None),
    }


def train_and_score(work, name, config, data, parent, needed_as_parent=False):
    """Trains and scores run `name`; resumable. A run whose scores are kept in the repository is
    skipped unless a pending fine-tuning run needs its model."""
    kept = study.kept_scores(KEPT, name)
    if kept is not None and not needed_as_parent:
        return kept["scores"]
    run_dir = os.path.join(work, "runs", name)
    done = os.path.join(run_dir, "scores.json")
    if os.path.exists(done):
        return json.load(open(done))
    config = json.loads(json.dumps(config))
    config["data"] = data
    if parent:
        config["training"]["init_from"] = os.path.join(work, "runs", parent, "model.pt")
    config_path = os.path.join(work, "runs", name + ".json")
    os.makedirs(os.path.dirname(config_path), exist_ok=True)
    json.dump(config, open(config_path, "w"), indent=1)
    seconds_file = os.path.join(run_dir, "train_seconds.txt")
    if not os.path.exists(os.path.join(run_dir, "model.pt")):
        start = time.time()
        study.run([study.VOXSIAM, "train", "--config", config_path, "--out", run_dir])
        open(seconds_file, "w").write(f"{time.time() - start:.1f}\n")
    scores = {case: study.scored_case(run_dir, case, files)
              for case, files in study.case_files(work, "heldout").items()}
    json.dump(scores, open(done, "w"))
    study.keep_scores(KEPT, name, {"scores": scores,
                                   "train_seconds": float(open(seconds_file).read())})
    print(f"{name}: mean Dice {study.mean_dice(scores):.3f}", flush=True)
    return scores


def organ_means(scores):
    means = {}
    for organ in study.ORGANS:
        values = [s[organ]["dice"] for s in scores.values() if s[organ]["dice"] is not None]
        means[organ] = sum(values) / len(values) if values else None
    return means


COMPARISONS = [  # (run, baseline, what it shows)
    ("finetune_12", "scratch_12", "fine-tuning the 8-case model on 12 vs training on 12 from scratch"),
    ("finetune_12", "scratch_8", "fine-tuning on 12 vs the 8-case model it started from"),
    ("full4_liver8_annotated", "full_4", "adding 8 liver-only cases annotated as such"),
    ("full4_liver8_as_full", "full_4", "adding the same 8 taken as complete (other organs background)"),
    ("full4_liver8_annotated", "full4_liver8_as_full", "liver-only annotated vs taken as complete"),
]


def paired_rows(kept_runs, organs):
    """Per comparison and organ: mean paired difference over the held-out phantoms with its
    bootstrap 95 % interval."""
    rows = []
    for run, baseline, meaning in COMPARISONS:
        if run not in kept_runs or baseline not in kept_runs:
            continue
        for organ in organs:
            differences = []
            for case, scores in kept_runs[run].items():
                mine, theirs = scores[organ]["dice"], kept_runs[baseline][case][organ]["dice"]
                if mine is not None and theirs is not None:
                    differences.append(mine - theirs)
            if differences:
                low, high = report_helpers.bootstrap(differences)
                rows.append((run, baseline, meaning, organ,
                             sum(differences) / len(differences), low, high, len(differences)))
    return rows


def report(work):
    lines = ["| run | training s | mean Dice | " + " | ".join(study.ORGANS) + " |",
             "|---" * (3 + len(study.ORGANS)) + "|"]
    for name in runs(work, 1000):
        kept = study.kept_scores(KEPT, name)
        if kept is None:
            lines.append(f"| {name} | (not run yet) |" + " |" * (1 + len(study.ORGANS)))
            continue
        scores, seconds = kept["scores"], f"{kept['train_seconds']:.0f}"
        means = organ_means(scores)
        cells = " | ".join("-" if means[o] is None else f"{means[o]:.3f}" for o in study.ORGANS)
        lines.append(f"| {name} | {seconds} | {study.mean_dice(scores):.3f} | {cells} |")
    kept_runs = {name: study.kept_scores(KEPT, name)["scores"] for name in runs(work, 1000)
                 if study.kept_scores(KEPT, name) is not None}
    lines += ["", "Paired differences of Dice on the 10 held-out phantoms (run minus baseline, "
              "bootstrap 95 % interval over cases):", "",
              "| run | baseline | organ | difference | 95 % interval | cases |",
              "|---|---|---|---|---|---|"]
    for run, baseline, meaning, organ, diff, low, high, count in paired_rows(
            kept_runs, ["mean"] + study.ORGANS):
        if organ == "mean" or run.startswith("full4"):
            lines.append(f"| {run} | {baseline} | {organ} | {diff:+.3f} | "
                         f"[{low:+.3f}, {high:+.3f}] | {count} |")
    table = "\n".join(lines) + "\n"
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    open(os.path.join(ROOT, "bench", "results", "retrain_loop.md"), "w").write(table)
    print(table)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("phase", nargs="?", default="all", choices=["run", "report", "all"])
    parser.add_argument("--work", default=os.path.join(ROOT, "build", "retrain_loop"))
    parser.add_argument("--steps", type=int, default=1000)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    study.freeze_program(args.work)
    if args.phase in ("run", "all"):
        prepare(args.work)
        planned = runs(args.work, args.steps)
        parents = {parent for name, (_, _, parent) in planned.items()
                   if parent and study.kept_scores(KEPT, name) is None}
        for name, (config, data, parent) in planned.items():
            train_and_score(args.work, name, config, data, parent, name in parents)
    if args.phase in ("report", "all"):
        report(args.work)


if __name__ == "__main__":
    main()
