#!/usr/bin/python3
"""Makes the bootstrap exactness fixtures in this folder from synthetic data.

Usage, from the repository root, after ./mvnw -B -DskipTests package:
    /usr/bin/python3 src/test/resources/robustness/make_fixtures.py target/cxrlt-leaderboard.jar

For each case the script writes a synthetic answer key and submissions (numpy generators with
fixed seeds; no real data), runs `robustness --json --write-resamples ...` of the jar, and
scores each written resample with scikit-learn twice: average_precision_score with the draw
counts as sample_weight, and on the materialized resample (each image repeated as often as
drawn). Both must agree bit for bit, and with the jar's numbers within 1e-12. The fixtures keep
the resamples (CASE/resample-R.csv) and scikit-learn's numbers (CASE/expected.json); for the
case that writes every replicate, expected.json also holds the whole analysis recomputed with
numpy.percentile and scipy.stats.kendalltau from scikit-learn's per-replicate APs.
Generated with Python 3.11.2, scikit-learn 1.2.1, numpy 1.24.2, scipy 1.10.1 (Debian 12).
"""
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import scipy
import scipy.stats
import sklearn
from sklearn.metrics import average_precision_score

HERE = os.path.dirname(os.path.abspath(__file__))
TASK2 = ["Atelectasis", "Calcification of the Aorta", "Cardiomegaly", "Consolidation", "Edema",
         "Emphysema", "Enlarged Cardiomediastinum", "Fibrosis", "Fracture", "Hernia", "Infiltration",
         "Lung Lesion", "Lung Opacity", "Mass", "Normal", "Nodule", "Pleural Effusion", "Pleural Other",
         "Pleural Thickening", "Pneumomediastinum", "Pneumonia", "Pneumoperitoneum", "Pneumothorax",
         "Subcutaneous Emphysema", "Support Devices", "Tortuous Aorta"]


def ids(rng, n):
    return ["-".join("%08x" % rng.integers(0, 2**32) for _ in range(5)) for _ in range(n)]


def make_data(rng, n, labels, prevalences, entries):
    truth = np.zeros((n, len(labels)), dtype=int)
    for j, p in enumerate(prevalences):
        truth[:, j] = rng.random(n) < p
        if truth[:, j].sum() == 0:
            truth[rng.integers(0, n), j] = 1
        if truth[:, j].sum() == n:
            truth[rng.integers(0, n), j] = 0
    subs = {}
    for name, skill, decimals in entries:
        logits = rng.normal(size=(n, len(labels))) + truth * 3.0 * skill - 1.0
        p = 1 / (1 + np.exp(-logits))
        if decimals is not None:
            p = np.round(p, decimals)  # ties
        subs[name] = p
    return truth, subs


def write_case(case, n, labels, truth, subs):
    folder = os.path.join(HERE, case)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(os.path.join(folder, "submissions"))
    rows = ids(np.random.default_rng(len(case) * 7919 + n), n)
    with open(os.path.join(folder, "truth.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["dicom_id"] + labels)
        for i in range(n):
            w.writerow([rows[i]] + [int(v) for v in truth[i]])
    for name, p in subs.items():
        with open(os.path.join(folder, "submissions", name), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["dicom_id"] + labels)
            for i in range(n):
                w.writerow([rows[i]] + [repr(float(v)) for v in p[i]])
    return folder, rows


def run_jar(jar, folder, replicates, seed, dumped, out):
    command = ["java", "-jar", jar, "robustness", "--truth", os.path.join(folder, "truth.csv"),
               "--submissions", os.path.join(folder, "submissions"), "--replicates", str(replicates),
               "--seed", str(seed), "--json", "--write-resamples", ",".join(map(str, dumped)),
               "--resample-dir", out]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def read_counts(path, rows):
    with open(path) as f:
        r = csv.reader(f)
        assert next(r) == ["dicom_id", "count"]
        pairs = [(row[0], int(row[1])) for row in r]
    assert [p[0] for p in pairs] == rows, "resample rows are in answer-key order"
    return np.array([p[1] for p in pairs])


def read_java_scores(path):
    scores = {}
    with open(path) as f:
        r = csv.reader(f)
        next(r)
        for entry, label, value in r:
            scores[(entry, label)] = float(value)
    return scores


def sklearn_replicate(truth, subs, labels, counts):
    result = {}
    for name, p in subs.items():
        aps = []
        for j in range(len(labels)):
            weighted = average_precision_score(truth[:, j], p[:, j], sample_weight=counts)
            materialized = average_precision_score(np.repeat(truth[:, j], counts), np.repeat(p[:, j], counts))
            assert weighted == materialized, (name, labels[j], weighted, materialized)
            aps.append(float(weighted))
        result[name] = {"ap": aps, "mAP": float(np.mean(aps))}
    return result


def analysis(truth, subs, labels, per_replicate, seed):
    """The whole analysis from scikit-learn's per-replicate APs (every replicate written)."""
    names = sorted(subs)
    replicates = len(per_replicate)
    full = {name: float(np.mean([average_precision_score(truth[:, j], subs[name][:, j])
                                 for j in range(len(labels))])) for name in names}
    maps = np.array([[per_replicate[r][name]["mAP"] for r in range(replicates)] for name in names])
    ranks = np.array([[1 + sum(maps[b, r] > maps[a, r] for b in range(len(names))) for r in range(replicates)]
                      for a in range(len(names))], dtype=float)
    entries = []
    for a, name in enumerate(names):
        low, high = np.percentile(maps[a], [2.5, 97.5])
        rank_low, rank_median, rank_high = np.percentile(ranks[a], [2.5, 50, 97.5])
        label_intervals = []
        for j, label in enumerate(labels):
            aps = [per_replicate[r][name]["ap"][j] for r in range(replicates)]
            lo, hi = np.percentile(aps, [2.5, 97.5])
            label_intervals.append({"label": label, "apLow": float(lo), "apHigh": float(hi)})
        entries.append({"name": name, "mAP": full[name], "mAPLow": float(low), "mAPHigh": float(high),
                        "rankMedian": float(rank_median), "rankLow": float(rank_low), "rankHigh": float(rank_high),
                        "pFirst": float(np.mean(ranks[a] == 1)), "labels": label_intervals})
    pairs = []
    for a, na in enumerate(names):
        for b, nb in enumerate(names):
            if a != b:
                pairs.append({"a": na, "b": nb, "pABeatsB": float(np.mean(maps[a] > maps[b]))})
    point = np.array([full[name] for name in names])
    taus = [scipy.stats.kendalltau(point, maps[:, r]).correlation for r in range(replicates)]
    taus = [t for t in taus if not np.isnan(t)]
    q1, median, q3 = np.percentile(taus, [25, 50, 75])
    return {"replicates": replicates, "seed": seed, "entries": entries, "pairs": pairs,
            "kendallTau": {"median": float(median), "q1": float(q1), "q3": float(q3)}}


def make(jar, case, n, labels, prevalences, entries, runs, data_seed):
    rng = np.random.default_rng(data_seed)
    truth, subs = make_data(rng, n, labels, prevalences, entries)
    folder, rows = write_case(case, n, labels, truth, subs)
    names = sorted(subs)
    subs = {name: subs[name] for name in names}
    expected = {"case": case, "runs": []}
    for seed, replicates, dumped, whole in runs:
        with tempfile.TemporaryDirectory() as out:
            java = run_jar(jar, folder, replicates, seed, dumped, out)
            per_replicate = {}
            for r in dumped:
                counts = read_counts(os.path.join(out, "resample-%d.csv" % r), rows)
                assert counts.sum() == n
                shutil.copy(os.path.join(out, "resample-%d.csv" % r),
                            os.path.join(folder, "resample-seed%d-%d.csv" % (seed, r)))
                scores = sklearn_replicate(truth, subs, labels, counts)
                java_scores = read_java_scores(os.path.join(out, "resample-%d-scores.csv" % r))
                for name in names:
                    for j, label in enumerate(labels):
                        assert abs(java_scores[(name, label)] - scores[name]["ap"][j]) <= 1e-12
                    assert abs(java_scores[(name, "mAP")] - scores[name]["mAP"]) <= 1e-12
                per_replicate[r] = scores
        run = {"seed": seed, "replicates": replicates,
               "resamples": [{"replicate": r, "file": "resample-seed%d-%d.csv" % (seed, r),
                              "entries": per_replicate[r]} for r in dumped]}
        if whole:
            run["analysis"] = analysis(truth, subs, labels, per_replicate, seed)
            for want, got in zip(run["analysis"]["entries"], java["entries"]):
                for field in ("mAP", "mAPLow", "mAPHigh", "rankMedian", "rankLow", "rankHigh", "pFirst"):
                    assert abs(want[field] - got[field]) <= 1e-12, (want["name"], field, want[field], got[field])
        expected["runs"].append(run)
    with open(os.path.join(folder, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


def main():
    jar = sys.argv[1]
    # Task-2 shape: 406 images, 26 labels, prevalences down to a single positive (redraws happen).
    prevalences = list(np.geomspace(0.3, 0.004, len(TASK2)))
    make(jar, "task2_shape", 406, TASK2, prevalences,
         [("full-precision.csv", 0.6, None), ("three-decimals.csv", 0.55, 3), ("two-decimals.csv", 0.5, 2),
          ("weak.csv", 0.2, None)],
         [(7, 200, [0, 1, 57, 199], False), (2024, 200, [3, 100, 150], False)], data_seed=13)
    # Small: 60 images, 5 labels, two with one or two positives; every replicate written.
    make(jar, "small_every_replicate", 60, ["A", "B", "C", "D", "E"], [0.4, 0.2, 0.1, 0.02, 0.03],
         [("alpha.csv", 0.7, 2), ("beta.csv", 0.6, None), ("gamma.csv", 0.3, 1)],
         [(11, 40, list(range(40)), True)], data_seed=5)
    print("scikit-learn", sklearn.__version__, "numpy", np.__version__, "scipy", scipy.__version__)


if __name__ == "__main__":
    main()
