#!/usr/bin/python3
"""The paper's central experiment (its Fig. 7): Dice only vs voxel-level Siamese (and supervised
contrastive) training with few labelled cases, paired and resumable.

Phases (each run whose eval files exist is skipped, so the script continues where it stopped):
  tune     budget 4, two subsets, seed 1: lambda 0.1/1/10, then warm-up, majority coarse labels
           and hard background at the best lambda; scored on 6 validation phantoms (seed 77),
           never on the test set. Writes choice.json (the settings the test phase uses).
  test     budgets 4, 8, 40; 3 labelled subsets x 2 seeds per cell; Dice only and voxel-Siamese
           everywhere, supervised contrastive at 4; scored on 20 test phantoms (seed 99) and the
           real CT whenever it is not in training.
  ablate   budget 4, subset 0, seeds 1-2: feature layers, class weights, terms, hidden width.
  report   tables with paired bootstrap CIs, the Fig. 7 plot (docs/limited-labels.png) and
           bench/results/limited_labels.csv.

Every method in a cell gets the same labelled subset, initialisation and batch stream (the
trainer's per-step generators; batch hashes are compared in the report) and a fixed step count.

usage: bench/acceptance/limited_labels.py [tune|test|ablate|report|all] [--work DIR] [--steps N]
"""
import argparse
import csv
import glob
import json
import os
import random
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VOXSIAM = os.path.join(ROOT, "build", "app", "voxsiam")  # replaced by the study's frozen copy
DATA = os.path.join(ROOT, "..", "shared", "data")
ORGANS = ["spleen", "kidney_left", "gallbladder", "esophagus", "liver", "stomach", "pancreas",
          "duodenum"]
BUDGETS = [4, 8, 40]
SUBSETS = 3
SEEDS = [1, 2]
REAL = "real_ct"
KEPT = os.path.join(ROOT, "bench", "results", "limited_labels_runs")  # committed as runs finish


def freeze_program(work):
    """Every run of a study uses one program: a copy made at its start (rebuilds do not mix in)."""
    global VOXSIAM
    frozen = os.path.join(work, "bin", "voxsiam")
    if not os.path.exists(frozen):
        os.makedirs(os.path.dirname(frozen), exist_ok=True)
        subprocess.run(["cp", VOXSIAM, frozen], check=True)
        commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "HEAD"], capture_output=True,
                                text=True).stdout.strip()
        open(frozen + ".commit", "w").write(commit + "\n")
    VOXSIAM = frozen


def run(command):
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def prepare_data(work):
    for folder, cases, seed in [("pool", 40, 1), ("validation", 6, 77), ("test", 20, 99)]:
        if not os.path.exists(os.path.join(work, folder, "dataset.json")):
            run([VOXSIAM, "phantom", "--out", os.path.join(work, folder), "--cases", str(cases),
                 "--seed", str(seed)])


def case_files(work, folder):
    cases = {}
    for image in sorted(glob.glob(os.path.join(work, folder, "imagesTr", "*_0000.nii.gz"))):
        name = os.path.basename(image)[:-len("_0000.nii.gz")]
        cases[name] = {"image": image,
                       "label": os.path.join(work, folder, "labelsTr", name + ".nii.gz"),
                       "map": "identity"}
    return cases


def real_case():
    return {"image": os.path.join(DATA, "totalseg", "ct.nii.gz"),
            "label": os.path.join(DATA, "totalseg", "seg_totalseg_ids.nii.gz"), "map": "totalseg"}


def pool(work):
    cases = case_files(work, "pool")
    cases[REAL] = real_case()
    return cases


def subset(work, budget, index):
    """Labelled cases of subset `index` at `budget`: nested draws from the pool (41 cases)."""
    names = sorted(pool(work))
    random.Random(1000 + index).shuffle(names)
    return sorted(names[:budget])


def base_config(steps):
    return {"validation_fraction": 0, "network": {"f_maps": 16, "levels": 4},
            "preprocess": {"mode": "spacing", "spacing": [4, 4, 4]},
            "feature": {"hidden": 64, "lambda": 10},
            "training": {"patch": [64, 64, 32], "batch_size": 2, "epochs": steps // 25,
                         "steps_per_epoch": 25, "learning_rate": 0.003, "precision": "bf16",
                         "threads": 1, "monitor_every": 50}}


def merged(config, changes):
    result = json.loads(json.dumps(config))
    for key, value in changes.items():
        if isinstance(value, dict):
            result.setdefault(key, {}).update(value)
        else:
            result[key] = value
    return result


def process_alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except (ProcessLookupError, ValueError):
        return False
    except PermissionError:
        return True


def claim(lock):
    """True when this process now owns `lock` (a file holding the owner's PID); a lock whose
    owner died is taken over, so several study processes can share one work folder."""
    while True:
        try:
            descriptor = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            os.write(descriptor, str(os.getpid()).encode())
            os.close(descriptor)
            return True
        except FileExistsError:
            try:
                owner = int(open(lock).read().strip() or "0")
            except (OSError, ValueError):
                owner = 0
            if process_alive(owner):
                return False
            try:
                os.remove(lock)
            except FileNotFoundError:
                pass


def train_and_score(work, name, method, changes, names, seed, scored, steps, wait=False):
    """Trains run `name` on `names` and scores it on `scored` (folder name -> cases); resumable.
    A run another study process is working on is not repeated: with `wait` its scores are waited
    for, otherwise None is returned."""
    kept = kept_scores(KEPT, name)
    if kept is not None:
        return kept
    run_dir = os.path.join(work, "runs", name)
    done = os.path.join(run_dir, "scores.json")
    lock = run_dir + ".lock"
    os.makedirs(os.path.dirname(run_dir), exist_ok=True)
    while not os.path.exists(done) and not claim(lock):
        if not wait:
            return None
        time.sleep(20)
    if os.path.exists(done):
        if os.path.exists(lock) and open(lock).read().strip() == str(os.getpid()):
            os.remove(lock)
        return json.load(open(done))
    try:
        return train_and_score_claimed(work, name, method, changes, names, seed, scored, steps)
    finally:
        os.remove(lock)


def train_and_score_claimed(work, name, method, changes, names, seed, scored, steps):
    run_dir = os.path.join(work, "runs", name)
    done = os.path.join(run_dir, "scores.json")
    cases = pool(work)
    config = merged(base_config(steps), changes)
    config["method"] = method
    config["training"]["seed"] = seed
    config["data"] = [cases[n] for n in names]
    config_path = run_dir + ".json"
    json.dump(config, open(config_path, "w"), indent=1)
    if not os.path.exists(os.path.join(run_dir, "model.pt")):
        run([VOXSIAM, "train", "--config", config_path, "--out", run_dir])
    scores = {case: scored_case(run_dir, case, files) for case, files in scored.items()}
    json.dump(scores, open(done, "w"))
    keep_scores(KEPT, name, scores)
    print(f"{name}: mean Dice {mean_dice(scores):.3f}", flush=True)
    return scores


def kept_scores(folder, name):
    """The scores of a finished run as kept in the repository, or None: a lost work folder
    (a fresh checkout) does not repeat finished runs."""
    path = os.path.join(folder, name + ".json")
    return json.load(open(path)) if os.path.exists(path) else None


def keep_scores(folder, name, scores):
    os.makedirs(folder, exist_ok=True)
    temporary = os.path.join(folder, name + ".json.part")
    json.dump(scores, open(temporary, "w"), indent=0, sort_keys=True)
    os.replace(temporary, os.path.join(folder, name + ".json"))


def scored_case(run_dir, case, files):
    """The eval of run_dir's model on one case (image, label, map), computed once and kept."""
    prediction = os.path.join(run_dir, "pred_" + case + ".nii.gz")
    result = os.path.join(run_dir, "eval_" + case + ".json")
    if not os.path.exists(result):
        run([VOXSIAM, "predict", "--model", os.path.join(run_dir, "model.pt"), "--image",
             files["image"], "--out", prediction])
        command = [VOXSIAM, "eval", "--pred", prediction, "--ref", files["label"], "--json",
                   result]
        if files["map"] != "identity":
            command += ["--map-ref", files["map"]]
        run(command)
        os.remove(prediction)
    return json.load(open(result))


def mean_dice(scores):
    values = [s["mean"]["dice"] for s in scores.values() if s["mean"]["dice"] is not None]
    return sum(values) / len(values)


TUNE_GRID = [("lambda0.1", {"feature": {"lambda": 0.1}}), ("lambda1", {"feature": {"lambda": 1}}),
             ("lambda10", {"feature": {"lambda": 10}})]


def run_all(work, jobs, steps):
    """Runs `jobs` (label -> (name, method, changes, names, seed, scored)); returns label -> the
    mean Dice. A first pass skips runs other study processes hold, the second waits for them."""
    for job in jobs.values():
        train_and_score(work, *job, steps)
    return {label: mean_dice(train_and_score(work, *job, steps, wait=True))
            for label, job in jobs.items()}


def tune(work, steps):
    validation = case_files(work, "validation")
    jobs = {}
    for index in range(2):
        names = subset(work, 4, index)
        jobs[("dice", index)] = (f"tune_s{index}_dice", "dice", {}, names, 1, validation)
        for label, changes in TUNE_GRID:
            jobs[(label, index)] = (f"tune_s{index}_{label}", "voxsiam", changes, names, 1,
                                    validation)
    scores = run_all(work, jobs, steps)
    best = max(TUNE_GRID, key=lambda item: scores[(item[0], 0)] + scores[(item[0], 1)])
    chosen = json.loads(json.dumps(best[1]))
    extras = [("warmup0.2", {"warmup": 0.2}), ("majority", {"coarse_labels": "majority"}),
              ("hardbg", {"hard_background": True})]
    jobs = {(label, index): (f"tune_s{index}_{best[0]}_{label}", "voxsiam",
                             merged(best[1], {"feature": extra}), subset(work, 4, index), 1,
                             validation)
            for label, extra in extras for index in range(2)}
    scores.update(run_all(work, jobs, steps))
    for label, extra in extras:
        if scores[(label, 0)] + scores[(label, 1)] > scores[(best[0], 0)] + scores[(best[0], 1)]:
            chosen = merged(chosen, {"feature": extra})
    results = {}
    for (label, _), value in scores.items():
        results.setdefault(label, []).append(value)
    choice = {"chosen_on": "6 validation phantoms (seed 77), budget 4, subsets 0-1, seed 1",
              "validation_mean_dice": {k: sum(v) / len(v) for k, v in results.items()},
              "voxsiam_changes": chosen}
    json.dump(choice, open(os.path.join(ROOT, "bench", "results", "limited_labels_choice.json"),
                           "w"), indent=1)
    print(json.dumps(choice, indent=1))
    return choice


def load_choice():
    path = os.path.join(ROOT, "bench", "results", "limited_labels_choice.json")
    if not os.path.exists(path):
        sys.exit("run the tune phase first: " + path + " is missing")
    return json.load(open(path))["voxsiam_changes"]


def test_cases_for(work, names):
    cases = case_files(work, "test")
    if REAL not in names:
        cases[REAL] = real_case()
    return cases


def test(work, steps):
    changes = load_choice()
    for budget in BUDGETS:
        for index in range(SUBSETS):
            names = subset(work, budget, index)
            scored = test_cases_for(work, names)
            for seed in SEEDS:
                methods = [("dice", {}), ("voxsiam", changes)]
                if budget == 4:
                    methods.append(("scl", {"feature": {"lambda": changes.get("feature", {}).get(
                        "lambda", 10)}}))
                for method, method_changes in methods:
                    train_and_score(work, f"test_b{budget}_s{index}_seed{seed}_{method}", method,
                                    method_changes, names, seed, scored, steps)


ABLATIONS = [("layers3", {"feature": {"layers": [3], "layer_weights": [1]}}),
             ("layers32", {"feature": {"layers": [3, 2], "layer_weights": [1, 1]}}),
             ("weights_frequency", {"feature": {"class_weights": "frequency"}}),
             ("weights_none", {"feature": {"class_weights": "none"}}),
             ("voxel_only", {"feature": {"voxel_to_region": False}}),
             ("region_only", {"feature": {"voxel_to_voxel": False}}),
             ("hidden256", {"feature": {"hidden": 256}})]


def ablate(work, steps):
    changes = load_choice()
    names = subset(work, 4, 0)
    scored = test_cases_for(work, names)
    for seed in SEEDS:
        for label, extra in ABLATIONS:
            train_and_score(work, f"ablate_{label}_seed{seed}", "voxsiam", merged(changes, extra),
                            names, seed, scored, steps)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("phase", nargs="?", default="all",
                        choices=["tune", "test", "ablate", "report", "all"])
    parser.add_argument("--work", default=os.path.join(ROOT, "build", "limited_labels"))
    parser.add_argument("--steps", type=int, default=1000)
    args = parser.parse_args()
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    freeze_program(args.work)
    prepare_data(args.work)
    if args.phase in ("tune", "all") and not os.path.exists(
            os.path.join(ROOT, "bench", "results", "limited_labels_choice.json")):
        tune(args.work, args.steps)
    if args.phase in ("test", "all"):
        test(args.work, args.steps)
    if args.phase in ("ablate", "all"):
        ablate(args.work, args.steps)
    if args.phase in ("report", "all"):
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "acceptance",
                                                     "limited_labels_report.py"), args.work],
                       check=True)


if __name__ == "__main__":
    main()
