#!/usr/bin/python3
"""Generates the golden scoring fixtures in this folder from synthetic data.

Usage, from the repository root:
    /usr/bin/python3 src/test/resources/golden/make_golden.py /path/to/sklearn-reference.py

Every number comes from numpy generators with fixed seeds, so a rerun with the same
numpy, pandas and scikit-learn versions rewrites identical files. No real CXR-LT data is
read or written. For each case NAME the script writes NAME/truth.csv, the submission
(submission.csv, .csv.gz or .zip), NAME/expected.json (the reference scorer's output)
and, when scoring is restricted to some labels, NAME/labels.txt with the --labels value.
It also writes cases.txt, README.md and .gitattributes beside itself.

The reference scorer is run unchanged, in a child process, with pandas.read_csv told to
parse floats with float_precision="round_trip". pandas 1.5's default C float parser is not
correctly rounded (it reads 0.9999999999999999 as 1.0 and 0.30000000000000004 as 0.3),
while any correct parser (Java's Double.parseDouble, Python's float) gives the nearest
double. Every expected.json is also recomputed here from a stdlib csv + float() parse and
must agree bit for bit.
"""
import csv
import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile

import numpy as np
import pandas as pd
import sklearn
from sklearn.metrics import average_precision_score, f1_score, roc_auc_score

HERE = os.path.dirname(os.path.abspath(__file__))
ID = "dicom_id"

# Label lists and training counts of CXR-LT 2024, in the official column orders.
TASK1 = ["Adenopathy", "Atelectasis", "Azygos Lobe", "Calcification of the Aorta", "Cardiomegaly",
         "Clavicle Fracture", "Consolidation", "Edema", "Emphysema", "Enlarged Cardiomediastinum",
         "Fibrosis", "Fissure", "Fracture", "Granuloma", "Hernia", "Hydropneumothorax", "Infarction",
         "Infiltration", "Kyphosis", "Lobar Atelectasis", "Lung Lesion", "Lung Opacity", "Mass",
         "Nodule", "Normal", "Pleural Effusion", "Pleural Other", "Pleural Thickening",
         "Pneumomediastinum", "Pneumonia", "Pneumoperitoneum", "Pneumothorax", "Pulmonary Embolism",
         "Pulmonary Hypertension", "Rib Fracture", "Round(ed) Atelectasis", "Subcutaneous Emphysema",
         "Support Devices", "Tortuous Aorta", "Tuberculosis"]
TASK2 = ["Atelectasis", "Calcification of the Aorta", "Cardiomegaly", "Consolidation", "Edema",
         "Emphysema", "Enlarged Cardiomediastinum", "Fibrosis", "Fracture", "Hernia", "Infiltration",
         "Lung Lesion", "Lung Opacity", "Mass", "Normal", "Nodule", "Pleural Effusion", "Pleural Other",
         "Pleural Thickening", "Pneumomediastinum", "Pneumonia", "Pneumoperitoneum", "Pneumothorax",
         "Subcutaneous Emphysema", "Support Devices", "Tortuous Aorta"]
TASK3 = ["Bulla", "Cardiomyopathy", "Hilum", "Osteopenia", "Scoliosis"]
TRAIN_IMAGES = 258871
COUNTS = {
    "Support Devices": 86079, "Lung Opacity": 77482, "Cardiomegaly": 74738, "Pleural Effusion": 66401,
    "Atelectasis": 65376, "Pneumonia": 46660, "Edema": 37256, "Normal": 34292,
    "Enlarged Cardiomediastinum": 29628, "Consolidation": 15371, "Pneumothorax": 13858,
    "Fracture": 11568, "Infiltration": 10087, "Rib Fracture": 8919, "Nodule": 7531, "Mass": 5288,
    "Calcification of the Aorta": 4239, "Hernia": 3986, "Emphysema": 3661, "Adenopathy": 3409,
    "Tortuous Aorta": 3336, "Pleural Thickening": 3272, "Granuloma": 2965, "Fissure": 2803,
    "Lung Lesion": 2338, "Tuberculosis": 2078, "Subcutaneous Emphysema": 2046,
    "Pulmonary Embolism": 1631, "Fibrosis": 1169, "Pulmonary Hypertension": 903, "Kyphosis": 778,
    "Infarction": 727, "Pneumomediastinum": 704, "Hydropneumothorax": 646, "Pleural Other": 616,
    "Pneumoperitoneum": 516, "Azygos Lobe": 199, "Round(ed) Atelectasis": 172,
    "Clavicle Fracture": 168, "Lobar Atelectasis": 129}
assert sorted(TASK2) == sorted(set(TASK2)) and set(TASK2) <= set(TASK1) and len(TASK1) == 40
assert set(COUNTS) == set(TASK1)

# Runs the reference scorer file unchanged; only pandas' float parsing is made exact.
LAUNCHER = """
import functools, runpy, sys
import pandas as pd
if sys.argv[1] == "exact":
    pd.read_csv = functools.partial(pd.read_csv, float_precision="round_trip")
script = sys.argv[2]
sys.argv = sys.argv[2:]
runpy.run_path(script, run_name="__main__")
"""

CASES = []  # (name, submission file name, purpose)
WARNINGS = {}  # case -> stderr lines of the reference runs
PANDAS_DEFAULT_DIFF = {}  # case -> max |difference| of the unpatched reference run
ABOVE_ONE = []  # (case, label, metric, value) where sklearn returns slightly more than 1


# ----------------------------------------------------------------------------- data helpers

def prevalence(label):
    return COUNTS[label] / TRAIN_IMAGES


def make_ids(rng, n):
    raw = rng.integers(0, 2 ** 32, size=(n, 5), dtype=np.uint64)
    ids = ["-".join("%08x" % v for v in row) for row in raw]
    assert len(set(ids)) == n
    return ids


def truth_matrix(rng, n, prevs, min_pos=1):
    """Exactly max(min_pos, round(prev * n)) positives per label, at least one negative."""
    y = np.zeros((n, len(prevs)), dtype=np.int64)
    for j, pr in enumerate(prevs):
        k = int(min(n - 1, max(min_pos, round(pr * n))))
        y[rng.choice(n, k, replace=False), j] = 1
    return y


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def predict(rng, y, prev, sep, noise=1.0):
    """Scores around the label's prevalence, positives shifted up by `sep` logits."""
    base = np.log(prev / (1.0 - prev))
    return sigmoid(base + sep * (y - prev) + noise * rng.standard_normal(len(y)))


def frame(ids, labels, matrix):
    df = pd.DataFrame(matrix, columns=labels)
    df.insert(0, ID, ids)
    return df


def case_dir(name):
    d = os.path.join(HERE, name)
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)
    return d


def write_df(path, df, float_format=None):
    df.to_csv(path, index=False, lineterminator="\n", float_format=float_format)


def csv_text(header, rows, eol="\n", final_newline=True):
    """CSV text from already formatted cells; a cell is quoted only if it asks for it."""
    lines = [",".join(header)] + [",".join(r) for r in rows]
    return eol.join(lines) + (eol if final_newline else "")


def write_text(path, text, bom=False):
    with open(path, "wb") as f:
        f.write((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))


# ----------------------------------------------------------------------------- checks

def parse_exact(data):
    """stdlib csv + float(): the correctly rounded reading of a CSV (bytes or str)."""
    if isinstance(data, bytes):
        data = data.decode("utf-8")
    if data.startswith("\ufeff"):
        data = data[1:]
    rows = list(csv.reader(io.StringIO(data, newline="")))
    header, body = rows[0], rows[1:]
    # only the scored columns must be unique: unscored ones may repeat or be unnamed
    assert header.count(ID) == 1, "no or repeated id column"
    assert all(len(r) == len(header) for r in body), "ragged rows"
    return header, body


def exact_scores(truth_bytes, sub_bytes, labels):
    th, tb = parse_exact(truth_bytes)
    sh, sb = parse_exact(sub_bytes)
    sub = {r[sh.index(ID)]: r for r in sb}
    assert len(sub) == len(sb), "duplicate submission id"
    ids = [r[th.index(ID)] for r in tb]
    assert len(set(ids)) == len(ids), "duplicate truth id"
    out = []
    for label in labels:
        assert th.count(label) == 1 and sh.count(label) == 1, "repeated label column %s" % label
        y = np.array([int(r[th.index(label)]) for r in tb], dtype=int)
        p = np.array([float(sub[i][sh.index(label)]) for i in ids], dtype=float)
        assert y.sum() >= 1 and (1 - y).sum() >= 1, "label %s needs a positive and a negative" % label
        assert np.all((p >= 0) & (p <= 1)), "probability out of [0, 1] for %s" % label
        idx = np.minimum(np.floor(p * 10).astype(int), 9)
        ece = 0.0
        for b in range(10):
            m = idx == b
            if m.any():
                ece += m.sum() / len(p) * abs(p[m].mean() - y[m].mean())
        out.append({"label": label, "ap": float(average_precision_score(y, p)),
                    "auroc": float(roc_auc_score(y, p)),
                    "f1": float(f1_score(y, p.round(), zero_division=0)), "ece": float(ece),
                    "positives": int(y.sum()), "distinct": len(np.unique(p)),
                    "largest_bin": int(np.bincount(idx, minlength=10).max())})
    return out


def run_reference(ref, truth, sub, labels, mode, case):
    cmd = [sys.executable, "-c", LAUNCHER, mode, ref, truth, sub]
    if labels is not None:
        cmd += ["--labels", ",".join(labels)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit("reference failed on %s (%s):\n%s" % (case, mode, r.stderr))
    if r.stderr.strip():
        WARNINGS.setdefault(case, []).extend(
            "[%s] %s" % (mode, line) for line in r.stderr.strip().splitlines())
    return json.loads(r.stdout)


def max_diff(a, b):
    keys = ["mAP", "mAUROC", "mF1", "mECE"]
    d = max(abs(a[k] - b[k]) for k in keys)
    for la, lb in zip(a["labels"], b["labels"]):
        d = max(d, max(abs(la[k] - lb[k]) for k in ["ap", "auroc", "f1", "ece"]))
    return d


def finish(ref, name, d, submission_name, purpose, labels=None, scored_sub="submission.csv",
           also_same=()):
    """Runs the reference, checks it against the exact recomputation, writes expected.json.

    scored_sub: the plain CSV the reference reads. also_same: other files the reference
    must read to the very same JSON. The submission file named in cases.txt is always
    re-checked with the stdlib parser (unpacked if gzip or zip).
    """
    truth = os.path.join(d, "truth.csv")
    sub = os.path.join(d, scored_sub)
    if labels is not None:
        write_text(os.path.join(d, "labels.txt"), ",".join(labels) + "\n")
    expected = run_reference(ref, truth, sub, labels, "exact", name)
    for other in also_same:
        again = run_reference(ref, truth, os.path.join(d, other), labels, "exact", name)
        assert again == expected, "%s: reference reads %s differently" % (name, other)
    default = run_reference(ref, truth, sub, labels, "pandas-default", name)
    PANDAS_DEFAULT_DIFF[name] = max_diff(expected, default)

    truth_bytes = open(truth, "rb").read()
    sub_bytes = submission_csv_bytes(os.path.join(d, submission_name))
    scored_labels = labels if labels is not None else [c for c in parse_exact(truth_bytes)[0] if c != ID]
    exact = exact_scores(truth_bytes, sub_bytes, scored_labels)
    n_rows = len(parse_exact(truth_bytes)[1])
    assert expected["rows"] == n_rows
    assert [o["label"] for o in expected["labels"]] == scored_labels
    for e, x in zip(expected["labels"], exact):
        for k in ["ap", "auroc", "f1", "ece", "positives"]:
            assert e[k] == x[k], "%s/%s/%s: reference %r, recomputed %r" % (name, e["label"], k, e[k], x[k])
    for k in ["mAP", "mAUROC", "mF1", "mECE"]:
        v = expected[k]
        assert 0.0 <= v <= 1.0, (name, k, v)
    for e in expected["labels"]:
        for k in ["ap", "auroc", "f1", "ece"]:
            # sklearn's AP sum can overshoot 1 by an ulp on a perfect ranking; keep it, but note it.
            assert 0.0 <= e[k] <= (1.0 + 5e-16 if k == "ap" else 1.0), (name, e["label"], k, e[k])
            if e[k] > 1.0:
                ABOVE_ONE.append((name, e["label"], k, e[k]))
    assert expected["mAP"] == float(np.mean([e["ap"] for e in expected["labels"]]))

    with open(os.path.join(d, "expected.json"), "w") as f:
        json.dump(expected, f, indent=2)
        f.write("\n")
    CASES.append((name, submission_name, purpose))
    return expected, exact


def submission_csv_bytes(path):
    if path.endswith(".gz"):
        with gzip.open(path, "rb") as f:
            return f.read()
    if path.endswith(".zip"):
        with zipfile.ZipFile(path) as z:
            csvs = [n for n in z.namelist() if n.lower().endswith(".csv") and not n.startswith("__MACOSX/")
                    and not n.split("/")[-1].startswith("._")]
            assert len(csvs) == 1, csvs
            return z.read(csvs[0])
    return open(path, "rb").read()


def by_label(expected):
    return {e["label"]: e for e in expected["labels"]}


# ----------------------------------------------------------------------------- cases

def task2_small(ref):
    rng = np.random.default_rng(20240801)
    n, labels = 406, TASK2
    prevs = [prevalence(l) for l in labels]
    y = truth_matrix(rng, n, prevs)
    p = np.column_stack([predict(rng, y[:, j], prevs[j], rng.uniform(0.8, 3.0)) for j in range(len(labels))])
    ids = make_ids(rng, n)
    d = case_dir("task2_small")
    write_df(os.path.join(d, "truth.csv"), frame(ids, labels, y))
    write_df(os.path.join(d, "submission.csv"), frame(ids, labels, p))
    exp, _ = finish(ref, "task2_small", d, "submission.csv",
                    "406 rows, the 26 task-2 labels in official order (Normal before Nodule), "
                    "training-count prevalences (1 to 3 positives on the rarest), full-precision floats")
    assert min(e["positives"] for e in exp["labels"]) == 1


def task1_medium(ref):
    rng = np.random.default_rng(20240802)
    n, labels = 5000, TASK1
    prevs = [prevalence(l) for l in labels]
    y = truth_matrix(rng, n, prevs)
    p = np.column_stack([predict(rng, y[:, j], prevs[j], rng.uniform(1.0, 3.0)) for j in range(len(labels))])
    ids = make_ids(rng, n)
    d = case_dir("task1_medium")
    write_df(os.path.join(d, "truth.csv"), frame(ids, labels, y))
    # Three significant digits keep the file small and still leave hundreds of distinct
    # thresholds per label, also for the rarest labels whose scores are all near 0.001.
    write_df(os.path.join(d, "submission.csv"), frame(ids, labels, p), float_format="%.3g")
    _, exact = finish(ref, "task1_medium", d, "submission.csv",
                      "5000 rows, all 40 task-1 labels, plausible scores with 3 significant digits (tiny ones as 5.12e-05): "
                      "hundreds of distinct thresholds per label (pairwise sums over >128 terms)")
    assert min(x["distinct"] for x in exact) > 128


def task3_zero_shot(ref):
    rng = np.random.default_rng(20240803)
    n, labels = 2000, TASK3
    prevs = [0.004, 0.012, 0.03, 0.02, 0.025]
    y = truth_matrix(rng, n, prevs)
    p = np.column_stack([predict(rng, y[:, j], prevs[j], rng.uniform(0.2, 0.9)) for j in range(len(labels))])
    ids = make_ids(rng, n)
    d = case_dir("task3_zero_shot")
    write_df(os.path.join(d, "truth.csv"), frame(ids, labels, y))
    write_df(os.path.join(d, "submission.csv"), frame(ids, labels, p), float_format="%.6g")
    finish(ref, "task3_zero_shot", d, "submission.csv",
           "2000 rows, the 5 task-3 labels, weak predictions (AUROC near 0.5-0.7), 6 significant digits")


def ties_rounded(ref):
    rng = np.random.default_rng(20240804)
    n = 500
    labels = ["Atelectasis", "Cardiomegaly", "Edema", "Hernia", "Mass", "Nodule", "Pneumothorax", "Fibrosis"]
    prevs = [0.25, 0.3, 0.15, 0.02, 0.03, 0.04, 0.05, 0.008]
    decimals = [1, 2, 1, 2, 1, 2, 1, 2]
    y = truth_matrix(rng, n, prevs)
    cols = []
    for j, dec in enumerate(decimals):
        raw = predict(rng, y[:, j], max(prevs[j], 0.1), rng.uniform(1.0, 2.5), noise=1.2)
        # k / 10**dec is the double nearest to the short decimal, so the file shows "0.07".
        cols.append(np.rint(raw * 10 ** dec) / 10 ** dec)
    p = np.column_stack(cols)
    ids = make_ids(rng, n)
    d = case_dir("ties_rounded")
    write_df(os.path.join(d, "truth.csv"), frame(ids, labels, y))
    write_df(os.path.join(d, "submission.csv"), frame(ids, labels, p))
    _, exact = finish(ref, "ties_rounded", d, "submission.csv",
                      "scores rounded to 1 or 2 decimals: at most 11 or 101 distinct values, "
                      "large tie groups mixing positives and negatives, many exact 0.5")
    assert max(x["distinct"] for x in exact) <= 101


def constant_predictions(ref):
    rng = np.random.default_rng(20240805)
    n = 300
    labels = ["Atelectasis", "Cardiomegaly", "Edema", "Hernia", "Pneumonia", "Nodule", "Mass", "Fibrosis"]
    prevs = [0.3, 0.25, 0.1, 0.02, 0.2, 0.05, 0.04, 0.01]
    constants = {"Atelectasis": 0.5, "Cardiomegaly": 0.0, "Edema": 1.0, "Hernia": 0.3}
    y = truth_matrix(rng, n, prevs)
    p = np.column_stack([np.full(n, constants[l]) if l in constants
                         else predict(rng, y[:, j], prevs[j], 2.0) for j, l in enumerate(labels)])
    ids = make_ids(rng, n)
    d = case_dir("constant_predictions")
    write_df(os.path.join(d, "truth.csv"), frame(ids, labels, y))
    write_df(os.path.join(d, "submission.csv"), frame(ids, labels, p))
    exp, _ = finish(ref, "constant_predictions", d, "submission.csv",
                    "four labels predicted with one constant (0.5, 0.0, 1.0, 0.3): AP = prevalence, "
                    "AUROC = 0.5, F1 = 0 or 2q/(1+q); four normal labels")
    got = by_label(exp)
    for l, c in constants.items():
        q = got[l]["positives"] / n
        assert got[l]["auroc"] == 0.5 and abs(got[l]["ap"] - q) < 1e-15
        assert abs(got[l]["ece"] - abs(c - q)) < 1e-15


def signed_zeros(ref):
    rng = np.random.default_rng(20240806)
    n = 200
    labels = ["Pneumothorax", "Edema", "Mass", "Consolidation"]
    prevs = [0.1, 0.2, 0.05, 0.15]
    y = truth_matrix(rng, n, prevs)
    ids = make_ids(rng, n)
    p = np.column_stack([predict(rng, y[:, j], prevs[j], 2.0) for j in range(len(labels))])
    zero = np.zeros_like(p, dtype=bool)
    # Pneumothorax: every negative is a zero, positives above zero.
    zero[:, 0] = y[:, 0] == 0
    # Edema: about half the rows are zero, positives included (one tie group across signs).
    zero[:, 1] = rng.random(n) < 0.5
    # Mass: zeros only among positives and a few negatives.
    zero[:, 2] = (y[:, 2] == 1) | (rng.random(n) < 0.1)
    # Consolidation: a few zeros.
    zero[:, 3] = rng.random(n) < 0.15
    literal = rng.choice(["0.0", "-0.0", "0", "-0", "0.00", "-0.00"], size=p.shape,
                         p=[0.35, 0.35, 0.1, 0.1, 0.05, 0.05])
    cells = [[repr(float(v)) for v in row] for row in p]
    for i in range(n):
        for j in range(len(labels)):
            if zero[i, j]:
                cells[i][j] = str(literal[i, j])
    for j in range(len(labels)):  # every label really has both signs
        col = [cells[i][j] for i in range(n) if zero[i, j]]
        assert any(c.startswith("-") for c in col) and any(not c.startswith("-") for c in col)
    d = case_dir("signed_zeros")
    write_df(os.path.join(d, "truth.csv"), frame(ids, labels, y))
    write_text(os.path.join(d, "submission.csv"),
               csv_text([ID] + labels, [[ids[i]] + cells[i] for i in range(n)]))
    finish(ref, "signed_zeros", d, "submission.csv",
           "zeros written as 0.0, -0.0, 0, -0, 0.00, -0.00: one tie group (0.0 == -0.0), "
           "also in ECE bin 0 and F1 rounding")


def half_threshold(ref):
    rng = np.random.default_rng(20240807)
    n = 400
    labels = ["Atelectasis", "Cardiomegaly", "Edema", "Pleural Effusion", "Pneumonia", "Support Devices"]
    prevs = [0.3, 0.25, 0.2, 0.3, 0.15, 0.35]
    y = truth_matrix(rng, n, prevs)
    ids = make_ids(rng, n)
    half = [0.5, 0.5000000000000001, 0.49999999999999994]
    edges = [k / 10 for k in range(11)]
    below = [float(np.nextafter(e, 0.0)) for e in edges[1:]]
    above = [float(np.nextafter(e, 1.0)) for e in edges[:-1]]
    # Near edges: 0.8999999999999999 * 10 rounds to 9.0 (bin 9 though below 0.9); the others
    # are among the literals pandas' default float parser misreads.
    ulp_cases = [0.8999999999999999, 0.7999999999999999, 0.30000000000000004, 0.6000000000000001,
                 0.7000000000000001, 0.9999999999999999, 0.09999999999999999, 0.19999999999999998]

    def draw(yc, pools, weights):
        out = np.empty(n)
        for i in range(n):
            pool = pools[rng.choice(len(pools), p=weights)]
            v = rng.choice(pool) if not callable(pool) else pool(yc[i])
            out[i] = v
        return out

    noise = lambda yi: float(predict(rng, np.array([yi]), 0.3, 2.0)[0])
    cols = [
        draw(y[:, 0], [[0.5], noise], [0.6, 0.4]),                       # exactly 0.5, many
        draw(y[:, 1], [half[1:], [0.5], noise], [0.5, 0.2, 0.3]),        # just above / below 0.5
        draw(y[:, 2], [edges, noise], [0.7, 0.3]),                       # exactly on bin edges
        draw(y[:, 3], [below, above, noise], [0.4, 0.4, 0.2]),           # one ulp off each edge
        draw(y[:, 4], [ulp_cases, edges, noise], [0.5, 0.3, 0.2]),       # floor(p * 10) surprises
        draw(y[:, 5], [half, edges, below, above, ulp_cases, noise], [0.2, 0.2, 0.15, 0.15, 0.1, 0.2]),
    ]
    # Positives drawn from the same pools would give a useless label: push them up a little.
    for j, c in enumerate(cols):
        lift = (y[:, j] == 1) & (rng.random(n) < 0.5)
        c[lift] = np.maximum(c[lift], rng.choice([0.5000000000000001, 0.6, 0.7000000000000001, 0.9, 1.0], size=lift.sum()))
    p = np.column_stack(cols)
    d = case_dir("half_threshold")
    write_df(os.path.join(d, "truth.csv"), frame(ids, labels, y))
    write_df(os.path.join(d, "submission.csv"), frame(ids, labels, p))
    text = open(os.path.join(d, "submission.csv")).read()
    for lit in ["0.5000000000000001", "0.49999999999999994", "0.30000000000000004", "0.9999999999999999", ",0.5,", ",1.0"]:
        assert lit in text, lit
    finish(ref, "half_threshold", d, "submission.csv",
           "many exact 0.5 (F1: negative), 0.5000000000000001 (positive), 0.49999999999999994, "
           "values on ECE bin edges 0.0..1.0 and one ulp either side (floor(p*10) in doubles)")


def tiny(ref):
    d = case_dir("tiny")
    rng = np.random.default_rng(20240808)
    ids = make_ids(rng, 6)
    labels = ["Hernia", "Support Devices", "Edema"]
    y = np.array([[0, 1, 1], [0, 1, 0], [1, 1, 0], [0, 0, 1], [0, 1, 0], [0, 1, 1]])
    p = np.array([[0.1, 0.9, 0.8], [0.2, 0.8, 0.3], [0.15, 0.7, 0.3], [0.05, 0.6, 0.55], [0.3, 0.95, 0.2],
                  [0.1, 0.1, 0.9]])
    write_df(os.path.join(d, "truth.csv"), frame(ids, labels, y))
    write_df(os.path.join(d, "submission.csv"), frame(ids, labels, p))
    finish(ref, "tiny", d, "submission.csv",
           "6 rows: Hernia has a single positive (ranked 3rd), Support Devices a single negative")

    d = case_dir("tiny_two_rows")
    ids = make_ids(rng, 2)
    labels = ["Pneumothorax", "Mass", "Nodule"]
    y = np.array([[1, 0, 1], [0, 1, 0]])
    p = np.array([[0.7, 0.4, 0.5], [0.2, 0.4, 0.5000000000000001]])
    write_df(os.path.join(d, "truth.csv"), frame(ids, labels, y))
    write_df(os.path.join(d, "submission.csv"), frame(ids, labels, p))
    exp, _ = finish(ref, "tiny_two_rows", d, "submission.csv",
                    "2 rows, one positive and one negative per label: right order, tie, wrong order")
    got = by_label(exp)
    assert got["Pneumothorax"]["auroc"] == 1.0 and got["Mass"]["auroc"] == 0.5 and got["Nodule"]["auroc"] == 0.0


def perfect_and_inverted(ref):
    rng = np.random.default_rng(20240809)
    n = 120
    labels = ["Cardiomegaly", "Pleural Effusion", "Edema", "Pneumothorax", "Atelectasis"]
    y = truth_matrix(rng, n, [7 / n, 0.2, 10 / n, 0.1, 0.3])
    ids = make_ids(rng, n)
    p = np.empty((n, len(labels)))

    def ranked(yc, perfect):
        pos, neg = np.flatnonzero(yc == 1), np.flatnonzero(yc == 0)
        hi = np.sort(rng.uniform(0.6, 1.0, len(pos)))
        lo = np.sort(rng.uniform(0.0, 0.4, len(neg)))
        out = np.empty(n)
        out[rng.permutation(pos)] = hi if perfect else lo[:len(pos)]
        out[rng.permutation(neg)] = lo if perfect else np.r_[hi, rng.uniform(0.6, 1.0, len(neg) - len(pos))]
        return out

    p[:, 0] = ranked(y[:, 0], True)                       # perfect, 7 positives: AP exactly 1.0
    p[:, 1] = ranked(y[:, 1], False)                      # inverted: AUROC 0
    p[:, 2] = ranked(y[:, 2], True)                       # perfect, 10 positives: AP 0.9999999999999999
    p[:, 3] = np.where(y[:, 3] == 1, 0.9, 0.1)            # perfect with all positives tied
    p[:, 4] = predict(rng, y[:, 4], 0.3, 1.5)             # ordinary
    d = case_dir("perfect_and_inverted")
    write_df(os.path.join(d, "truth.csv"), frame(ids, labels, y))
    write_df(os.path.join(d, "submission.csv"), frame(ids, labels, p))
    exp, _ = finish(ref, "perfect_and_inverted", d, "submission.csv",
                    "perfect ranking (AP 1, AUROC 1), inverted ranking (AUROC 0), perfect with 10 distinct "
                    "positive scores (sklearn AP = 0.9999999999999999), perfect two-valued, one ordinary")
    got = by_label(exp)
    assert got["Cardiomegaly"]["ap"] == 1.0 and got["Cardiomegaly"]["auroc"] == 1.0
    assert got["Pleural Effusion"]["auroc"] == 0.0
    assert got["Edema"]["auroc"] == 1.0 and abs(got["Edema"]["ap"] - 1.0) <= 2.3e-16
    assert got["Pneumothorax"]["ap"] == 1.0 and got["Pneumothorax"]["auroc"] == 1.0
    assert got["Pneumothorax"]["f1"] == 1.0


def format_variants(ref):
    rng = np.random.default_rng(20240810)
    n, labels = 80, TASK1
    prevs = [max(prevalence(l), 0.02) for l in labels]
    y = truth_matrix(rng, n, prevs)
    p = np.column_stack([predict(rng, y[:, j], prevs[j], 2.0) for j in range(len(labels))])
    short = {0.5: "5E-01", 0.0015: "1.5e-3", 0.25: "2.5E-1", 0.0: "0", 1.0: "1", 0.125: "1.25e-01",
             0.75: "7.5e-1", 0.01: "1E-2", 0.3: "3.0e-1"}
    specials = list(short)
    for k in range(45):  # the same short values sit in both files
        p[rng.integers(n), rng.integers(len(labels))] = specials[k % len(specials)]
    ids = make_ids(rng, n)
    d = case_dir("format_variants")
    write_df(os.path.join(d, "truth.csv"), frame(ids, labels, y))
    write_df(os.path.join(d, "submission_plain.csv"), frame(ids, labels, p))

    order = rng.permutation(len(labels))
    row_order = rng.permutation(n)
    forms = [repr, lambda v: "%.16e" % v, lambda v: "%.16E" % v, lambda v: "%.17g" % v]

    def cell(v):
        if v in short:
            return short[v]
        s = forms[rng.integers(len(forms))](float(v))
        assert float(s) == v
        return '"%s"' % s if rng.random() < 0.02 else s

    header = ['"%s"' % ID] + ['"%s"' % labels[j] for j in order]
    rows = []
    for i in row_order:
        rid = '"%s"' % ids[i] if rng.random() < 0.2 else ids[i]
        rows.append([rid] + [cell(p[i, j]) for j in order])
    write_text(os.path.join(d, "submission.csv"), csv_text(header, rows, eol="\r\n", final_newline=False),
               bom=True)
    raw = open(os.path.join(d, "submission.csv"), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf\"dicom_id\",") and b"\r\n" in raw and not raw.endswith(b"\n")
    assert b'"Round(ed) Atelectasis"' in raw and b"5E-01" in raw and b"1.5e-3" in raw
    exp, _ = finish(ref, "format_variants", d, "submission.csv",
                    "all 40 task-1 labels; submission with UTF-8 BOM, CRLF, no final newline, every header "
                    "quoted, label columns and rows shuffled, some ids and numbers quoted, numbers as "
                    "5E-01, 1.5e-3, 0, 1, %.16e, %.17g; scores equal those of submission_plain.csv",
                    scored_sub="submission_plain.csv", also_same=["submission.csv"])


def extra_columns_and_rows(ref):
    rng = np.random.default_rng(20240811)
    n = 300
    labels = TASK3
    prevs = [0.02, 0.04, 0.08, 0.05, 0.06]
    y = truth_matrix(rng, n, prevs)
    ids = make_ids(rng, n)
    p = np.column_stack([predict(rng, y[:, j], prevs[j], 1.5) for j in range(len(labels))])
    subject = rng.integers(10000000, 19999999, n)
    study = rng.integers(50000000, 59999999, n)
    truth = pd.DataFrame({
        "subject_id": subject, "study_id": study, ID: ids,
        "ViewPosition": rng.choice(["PA", "AP", "LATERAL", ""], n, p=[0.4, 0.4, 0.15, 0.05]),
        "fpath": ["files/p%d/p%d/s%d/%s.jpg" % (s // 1000000, s, t, i) for s, t, i in zip(subject, study, ids)],
    })
    # Truth label columns in another order than labels.txt; "Pneumonia" is present but not scored
    # and has no positives, which would make the key unusable if it were scored.
    truth_order = ["Scoliosis", "Bulla", "Osteopenia", "Hilum", "Cardiomyopathy"]
    for l in truth_order:
        truth[l] = y[:, labels.index(l)]
    truth["Pneumonia"] = 0
    sub = frame(ids, labels, p)
    sub["Pneumonia"] = rng.random(n)
    sub = sub[[ID, "Hilum", "Pneumonia", "Cardiomyopathy", "Osteopenia", "Bulla", "Scoliosis"]]
    sub = sub.iloc[rng.permutation(n)]
    d = case_dir("extra_columns_and_rows")
    write_df(os.path.join(d, "truth.csv"), truth)
    write_df(os.path.join(d, "submission.csv"), sub)
    finish(ref, "extra_columns_and_rows", d, "submission.csv",
           "truth with subject_id, study_id, dicom_id in third place, ViewPosition (some empty), fpath, "
           "an unscored all-zero Pneumonia column; labels.txt picks the 5 task-3 labels; submission "
           "with an extra column, other column order, shuffled rows", labels=TASK3)


def labels_subset(ref):
    rng = np.random.default_rng(20240812)
    n = 200
    prevs = [max(prevalence(l), 0.01) for l in TASK1]
    y = truth_matrix(rng, n, prevs)
    not_scored = [l for l in TASK1 if l not in TASK2]
    y[:, TASK1.index("Azygos Lobe")] = 0          # unscored, no positives: must not be refused
    y[:, TASK1.index("Tuberculosis")] = 1         # unscored, no negatives
    ids = make_ids(rng, n)
    p = np.column_stack([predict(rng, y[:, TASK1.index(l)], prevs[TASK1.index(l)], 2.0) for l in TASK2])
    d = case_dir("labels_subset")
    write_df(os.path.join(d, "truth.csv"), frame(ids, TASK1, y))
    write_df(os.path.join(d, "submission.csv"), frame(ids, TASK2, p))
    assert "Azygos Lobe" in not_scored and "Tuberculosis" in not_scored
    finish(ref, "labels_subset", d, "submission.csv",
           "truth with all 40 task-1 labels (two unscored ones all 0 / all 1), labels.txt and submission "
           "with the 26 task-2 labels in task-2 order", labels=TASK2)


def compressed(ref):
    for name, seed in [("gzip_submission", 20240813), ("zip_submission", 20240814), ("zip_root_submission", 20240815)]:
        rng = np.random.default_rng(seed)
        n, labels = 120, TASK2
        prevs = [max(prevalence(l), 0.01) for l in labels]
        y = truth_matrix(rng, n, prevs)
        p = np.column_stack([predict(rng, y[:, j], prevs[j], 2.0) for j in range(len(labels))])
        ids = make_ids(rng, n)
        d = case_dir(name)
        write_df(os.path.join(d, "truth.csv"), frame(ids, labels, y))
        plain = os.path.join(d, "submission_plain.csv")
        write_df(plain, frame(ids, labels, p))
        data = open(plain, "rb").read()
        if name == "gzip_submission":
            target = "submission.csv.gz"
            with open(os.path.join(d, target), "wb") as raw:
                with gzip.GzipFile(filename="submission.csv", mode="wb", fileobj=raw, mtime=0) as gz:
                    gz.write(data)
            finish(ref, name, d, target, "submission gzip-compressed (.csv.gz, header mtime 0); "
                   "scores equal those of submission_plain.csv",
                   scored_sub="submission_plain.csv", also_same=[target])
        else:
            target = "submission.zip"
            csv_entry = "results/submission.csv" if name == "zip_submission" else "submission.csv"
            entries = [("code/", b""),
                       ("code/train.py", b"# synthetic placeholder for a team's training code\n"
                                         b"import torch\n\n\ndef main():\n    print(\"train\")\n\n\n"
                                         b"if __name__ == \"__main__\":\n    main()\n")]
            if name == "zip_submission":
                entries.append(("results/", b""))
            else:
                entries.append(("README.md", b"Synthetic submission for tests.\n"))
            entries.append((csv_entry, data))
            with zipfile.ZipFile(os.path.join(d, target), "w") as z:
                for entry, content in entries:
                    info = zipfile.ZipInfo(entry, date_time=(2024, 8, 1, 12, 0, 0))
                    info.compress_type = zipfile.ZIP_STORED if entry.endswith("/") else zipfile.ZIP_DEFLATED
                    info.external_attr = ((0o40755 if entry.endswith("/") else 0o100644) << 16) | (
                        0x10 if entry.endswith("/") else 0)
                    z.writestr(info, content)
            where = "in a results/ folder" if name == "zip_submission" else "at the zip root"
            finish(ref, name, d, target, "zip with the CSV %s beside code/train.py (and directory "
                   "entries); scores equal those of submission_plain.csv" % where,
                   scored_sub="submission_plain.csv")


def pairwise_large(ref):
    rng = np.random.default_rng(20240816)
    n = 20000
    labels = ["Support Devices", "Pneumothorax", "Pneumoperitoneum"]
    prevs = [prevalence(l) for l in labels]
    y = truth_matrix(rng, n, prevs)
    p = np.column_stack([predict(rng, y[:, j], prevs[j], 2.5) for j in range(len(labels))])
    ids = make_ids(rng, n)
    d = case_dir("pairwise_large")
    write_df(os.path.join(d, "truth.csv"), frame(ids, labels, y))
    # Five significant digits: about 18000 distinct scores per label at half the size of full repr.
    write_df(os.path.join(d, "submission.csv"), frame(ids, labels, p), float_format="%.5g")
    _, exact = finish(ref, "pairwise_large", d, "submission.csv",
                      "20000 rows, 3 labels (33 %, 5 %, 0.2 % positives), >8192 distinct scores per label "
                      "and ECE bins of >8192 values: numpy pairwise summation over long arrays")
    assert min(x["distinct"] for x in exact) > 8192
    assert max(x["largest_bin"] for x in exact) > 8192


def single_positive_ranks(ref):
    rng = np.random.default_rng(20240817)
    n = 1000
    labels = ["Azygos Lobe", "Clavicle Fracture", "Lobar Atelectasis", "Round(ed) Atelectasis", "Pneumoperitoneum"]
    ranks = [1, 2, 10, 500, 1000]
    y = np.zeros((n, len(labels)), dtype=np.int64)
    p = np.empty((n, len(labels)))
    for j, r in enumerate(ranks):
        scores = np.sort(rng.uniform(0.0, 0.2, n))[::-1]  # scores[r - 1] is the r-th highest
        order = rng.permutation(n)
        p[order, j] = scores
        y[order[r - 1], j] = 1
    # One more: the single positive shares its score with 4 negatives at the top.
    p[:, 4] = np.round(p[:, 4], 3)
    top = np.argsort(-p[:, 4], kind="stable")[:5]
    p[top, 4] = 0.25
    y[:, 4] = 0
    y[top[2], 4] = 1
    ids = make_ids(rng, n)
    d = case_dir("single_positive_ranks")
    write_df(os.path.join(d, "truth.csv"), frame(ids, labels, y))
    write_df(os.path.join(d, "submission.csv"), frame(ids, labels, p))
    exp, _ = finish(ref, "single_positive_ranks", d, "submission.csv",
                    "1000 rows, one positive per label at rank 1, 2, 10, 500 (AP = 1/rank), and one tied "
                    "with 4 negatives at the top (AP = 1/5)")
    got = by_label(exp)
    for l, r in zip(labels[:4], ranks[:4]):
        assert abs(got[l]["ap"] - 1.0 / r) < 1e-15, (l, got[l]["ap"])
    assert abs(got["Pneumoperitoneum"]["ap"] - 0.2) < 1e-15


def extremes(ref):
    rng = np.random.default_rng(20240818)
    n = 200
    labels = ["Edema", "Mass", "Hernia"]
    prevs = [0.2, 0.1, 0.05]
    y = truth_matrix(rng, n, prevs)
    pool_low = [5e-324, 1e-320, 2.2250738585072014e-308, 1e-300, 1e-200, 1e-17, 1e-10, 0.0, 4.9406564584124654e-324]
    pool_high = [0.9999999999999999, 0.9999999999999998, 1.0 - 1e-10, 1.0, 0.99999]
    p = np.column_stack([predict(rng, y[:, j], prevs[j], 2.5, noise=3.0) for j in range(len(labels))])
    for j in range(len(labels)):
        low = (y[:, j] == 0) & (rng.random(n) < 0.4)
        high = (y[:, j] == 1) & (rng.random(n) < 0.4)
        p[low, j] = rng.choice(pool_low, low.sum())
        p[high, j] = rng.choice(pool_high, high.sum())
    ids = make_ids(rng, n)
    d = case_dir("extremes")
    write_df(os.path.join(d, "truth.csv"), frame(ids, labels, y))
    write_df(os.path.join(d, "submission.csv"), frame(ids, labels, p))
    text = open(os.path.join(d, "submission.csv")).read()
    assert "5e-324" in text and "1e-300" in text and "0.9999999999999999" in text
    finish(ref, "extremes", d, "submission.csv",
           "subnormals (5e-324), 1e-300, 1e-17 and other exponent forms, 0.9999999999999999 and "
           "0.9999999999999998 (distinct from 1.0), exact 0.0 and 1.0")


def binary_predictions(ref):
    rng = np.random.default_rng(20240819)
    n = 300
    labels = ["Atelectasis", "Cardiomegaly", "Fracture", "Nodule", "Emphysema", "Hernia"]
    prevs = [0.25, 0.25, 0.05, 0.04, 0.02, 0.01]
    y = truth_matrix(rng, n, prevs)
    p = np.column_stack([(predict(rng, y[:, j], prevs[j], 3.0) > 0.5 * prevs[j] ** 0.5).astype(int)
                         for j in range(len(labels))])
    p[:, -1] = 0  # never predicted: F1 0, AP = prevalence
    ids = make_ids(rng, n)
    d = case_dir("binary_predictions")
    write_df(os.path.join(d, "truth.csv"), frame(ids, labels, y))
    write_df(os.path.join(d, "submission.csv"), frame(ids, labels, p))
    assert ",1," in open(os.path.join(d, "submission.csv")).read()
    finish(ref, "binary_predictions", d, "submission.csv",
           "hard predictions written as integers 0 and 1 (two thresholds); one label never predicted")


# ----------------------------------------------------------------------------- files as tools write them

def small_case(seed, n=60, labels=TASK3):
    rng = np.random.default_rng(seed)
    prevs = [0.2, 0.1, 0.3, 0.15, 0.05][:len(labels)] if labels == TASK3 else \
        [max(prevalence(l), 0.05) for l in labels]
    y = truth_matrix(rng, n, prevs)
    p = np.column_stack([predict(rng, y[:, j], prevs[j], 2.0) for j in range(len(labels))])
    return rng, make_ids(rng, n), labels, y, p


def unscored_columns(ref):
    """Columns that are not scored, named or not, repeated or not: never a reason to refuse."""
    variants = [
        ("unnamed_columns_excel", 20241101,
         "Excel export with two trailing commas on every line (two unnamed empty columns)"),
        ("unnamed_index_pandas", 20241102,
         "pandas frame with a two-level index written with it (header ,,dicom_id,...)"),
        ("repeated_unscored_columns", 20241103,
         "unscored columns repeated (note, note, empty, empty, empty) around the scored ones"),
    ]
    for name, seed, purpose in variants:
        rng, ids, labels, y, p = small_case(seed)
        d = case_dir(name)
        write_df(os.path.join(d, "truth.csv"), frame(ids, labels, y))
        write_df(os.path.join(d, "submission_plain.csv"), frame(ids, labels, p))
        cells = [[ids[i]] + [repr(float(v)) for v in p[i]] for i in range(len(ids))]
        if name == "unnamed_columns_excel":
            header = [ID] + labels + ["", ""]
            rows = [c + ["", ""] for c in cells]
        elif name == "unnamed_index_pandas":
            header = ["", ""] + [ID] + labels
            rows = [[str(i % 3), str(i)] + c for i, c in enumerate(cells)]
        else:
            header = ["note", labels[0], ID, "note", ""] + labels[1:] + ["", ""]
            rows = [["n%d" % i, c[1], c[0], "x", ""] + c[2:] + ["", "z"] for i, c in enumerate(cells)]
        write_text(os.path.join(d, "submission.csv"), csv_text(header, rows))
        finish(ref, name, d, "submission.csv", purpose + "; scores equal those of submission_plain.csv",
               scored_sub="submission_plain.csv", also_same=["submission.csv"])


def zip_bytes(entries, streamed, compress, force_zip64=False):
    """A zip as Python's zipfile writes it; streamed: to an unseekable stream (data descriptors)."""
    class Unseekable(io.RawIOBase):
        def __init__(self):
            self.buf = bytearray()

        def writable(self):
            return True

        def write(self, b):
            self.buf += b
            return len(b)

    out = Unseekable() if streamed else io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compress) as z:
        for entry, content in entries:
            info = zipfile.ZipInfo(entry, date_time=(2024, 8, 1, 12, 0, 0))
            info.compress_type = compress
            info.external_attr = 0o100644 << 16
            with z.open(info, "w", force_zip64=force_zip64) as f:
                f.write(content)
    return bytes(out.buf) if streamed else out.getvalue()


def with_cp437_name(data, placeholder, cp437_name):
    """Renames an entry in place to bytes of the zip default code page, without the UTF-8 flag."""
    raw, wanted = placeholder.encode("ascii"), cp437_name.encode("cp437")
    assert len(raw) == len(wanted) and data.count(raw) == 2
    return data.replace(raw, wanted)


def zips_as_tools_write_them(ref):
    variants = [
        ("zip_stored_data_descriptor", 20241111, True, zipfile.ZIP_STORED, False, None,
         "STORED entry with a data descriptor, as zipfile writes to a pipe and zip -0 - writes"),
        ("zip_deflated_data_descriptor", 20241112, True, zipfile.ZIP_DEFLATED, False, None,
         "DEFLATED entry with a data descriptor (written to an unseekable stream)"),
        ("zip_stored_no_descriptor", 20241113, False, zipfile.ZIP_STORED, False, None,
         "STORED entry, sizes in the local header"),
        ("zip64_streamed", 20241114, True, zipfile.ZIP_DEFLATED, True, None,
         "Zip64 local header and data descriptor (force_zip64, unseekable stream)"),
        ("zip_cp437_names", 20241115, False, zipfile.ZIP_DEFLATED, False, "r\u00e9sultats/pr\u00e9dictions.csv",
         "entry names in code page 437 without the UTF-8 flag (as Windows' built-in zip writes them), "
         "with __MACOSX/ and ._ shadows beside"),
        ("zip_bzip2", 20241116, False, zipfile.ZIP_BZIP2, False, None,
         "bzip2 entry (zip method 12), as zipfile.ZIP_BZIP2 and 7-Zip write it"),
        ("zip_bzip2_data_descriptor", 20241117, True, zipfile.ZIP_BZIP2, False, None,
         "bzip2 entry with a data descriptor (written to an unseekable stream)"),
    ]
    for name, seed, streamed, compress, zip64, cp437, purpose in variants:
        rng, ids, labels, y, p = small_case(seed)
        d = case_dir(name)
        write_df(os.path.join(d, "truth.csv"), frame(ids, labels, y))
        plain = os.path.join(d, "submission_plain.csv")
        write_df(plain, frame(ids, labels, p))
        data = open(plain, "rb").read()
        if cp437:
            placeholder = "".join(c if ord(c) < 128 else "X" for c in cp437)
            entries = [("code/train.py", b"print('synthetic')\n"), (placeholder, data),
                       ("__MACOSX/._" + placeholder.split("/")[-1], b"\0\5\26\7macos shadow"),
                       ("._" + placeholder.split("/")[-1], b"\0\5\26\7macos shadow")]
            z = zip_bytes(entries, streamed, compress, zip64)
            z = z.replace(placeholder.encode("ascii"), cp437.encode("cp437"))
            with zipfile.ZipFile(io.BytesIO(z)) as check:
                names = check.namelist()
                assert cp437 in names, names
                assert all(not (i.flag_bits & 0x800) for i in check.infolist())
        else:
            z = zip_bytes([("submission.csv", data)], streamed, compress, zip64)
            with zipfile.ZipFile(io.BytesIO(z)) as check:
                info = check.infolist()[0]
                assert bool(info.flag_bits & 0x08) == streamed, (name, info.flag_bits)
                assert info.compress_type == compress
        with open(os.path.join(d, "submission.zip"), "wb") as f:
            f.write(z)
        finish(ref, name, d, "submission.zip", purpose + "; scores equal those of submission_plain.csv",
               scored_sub="submission_plain.csv",
               also_same=[] if cp437 else ["submission.zip"])


def compressed_answer_key(ref):
    """The answer key as .csv.gz and as a streamed STORED zip: read as submissions are."""
    rng, ids, labels, y, p = small_case(20241121)
    d = case_dir("compressed_answer_key")
    write_df(os.path.join(d, "truth.csv"), frame(ids, labels, y))
    truth = open(os.path.join(d, "truth.csv"), "rb").read()
    with open(os.path.join(d, "truth.csv.gz"), "wb") as raw:
        with gzip.GzipFile(filename="truth.csv", mode="wb", fileobj=raw, mtime=0) as gz:
            gz.write(truth)
    with open(os.path.join(d, "truth.zip"), "wb") as f:
        f.write(zip_bytes([("truth.csv", truth)], True, zipfile.ZIP_STORED))
    write_text(os.path.join(d, "truth_variants.txt"), "truth.csv.gz\ntruth.zip\n")
    write_df(os.path.join(d, "submission.csv"), frame(ids, labels, p))
    finish(ref, "compressed_answer_key", d, "submission.csv",
           "answer key also as truth.csv.gz and as a streamed STORED zip (truth_variants.txt): "
           "each read to the same key")


# ----------------------------------------------------------------------------- outputs

def write_cases_and_readme(ref):
    with open(os.path.join(HERE, "cases.txt"), "w") as f:
        for name, sub, _ in CASES:
            f.write("%s\t%s\n" % (name, sub))
    with open(os.path.join(HERE, ".gitattributes"), "w") as f:
        f.write("# Byte-exact fixtures: CRLF, BOM and missing final newlines are deliberate.\n* -text\n")

    total = 0  # everything but this README, which is written below
    for root, _, files in os.walk(HERE):
        for fn in files:
            if os.path.join(root, fn) != os.path.join(HERE, "README.md"):
                total += os.path.getsize(os.path.join(root, fn))
    rows = "\n".join("| `%s` | `%s` | %s |" % (n, s, p.replace("|", "\\|")) for n, s, p in CASES)
    diffs = [(n, d) for n, d in PANDAS_DEFAULT_DIFF.items() if d > 0]
    diff_lines = "\n".join("| `%s` | %.3g |" % (n, d) for n, d in diffs) or "| (none) | |"
    warn_lines = "\n".join("- `%s`: %s" % (c, "; ".join(sorted(set(w)))) for c, w in WARNINGS.items()) \
        or "- none"
    readme = README.format(
        sklearn=sklearn.__version__, numpy=np.__version__, pandas=pd.__version__,
        python=sys.version.split()[0], rows=rows, diffs=diff_lines, warnings=warn_lines,
        size="%.2f MB" % (total / 1e6), ncases=len(CASES),
        above="; ".join("`%s` %s %s = %r" % a for a in ABOVE_ONE) or "not seen in these cases")
    with open(os.path.join(HERE, "README.md"), "w") as f:
        f.write(readme)


README = """# Golden scoring fixtures

Synthetic answer keys and submissions with the scores scikit-learn gives them. They pin
the evaluation core to the metric definitions of CXR-LT (mAP, mAUROC, mF1, mECE; see
`evaluation` and the challenge facts copied into the sources). **All data is synthetic**,
drawn from numpy generators with fixed seeds: no MIMIC-CXR image, label or id is in here.
Ids only have the shape of MIMIC-CXR `dicom_id`s (five groups of eight hex digits).

## Regenerate

From the repository root:

    /usr/bin/python3 src/test/resources/golden/make_golden.py /path/to/sklearn-reference.py

The argument is the team's scikit-learn reference scorer (kept outside this repository,
`../shared/tools/sklearn-reference.py` on developer machines). With the versions below the
output is byte for byte the same. Generated with Python {python}, scikit-learn {sklearn},
numpy {numpy}, pandas {pandas} (Debian packages `python3-sklearn`, `python3-pandas`).

## Layout

- `cases.txt`: one line per case, `NAME<TAB>SUBMISSION_FILE`.
- `NAME/truth.csv`: the answer key. Labels are the integers 0 and 1; every scored label
  has at least one positive and one negative.
- `NAME/<SUBMISSION_FILE>`: `submission.csv`, `submission.csv.gz` or `submission.zip`.
- `NAME/submission_plain.csv` (format and compression cases): the same numbers as a plain
  CSV; expected.json was computed on it and the reference gives the same JSON for the variant.
- `NAME/truth_variants.txt` (optional): other files beside `truth.csv` (gzip, zip) that
  hold the same answer key; each must read to the same key.
- `NAME/labels.txt` (optional): the comma-separated labels to score, in output order.
  Without it every truth column other than `dicom_id` is scored, in truth column order.
- `NAME/expected.json`: `{{"mAP","mAUROC","mF1","mECE","rows","labels":[{{"label","ap","auroc","f1","ece","positives"}}]}}`,
  labels in scoring order. Means are plain means over labels.
- `.gitattributes` marks everything `-text` so Git never touches line endings.

## How expected.json is made

The reference scorer runs unchanged in a child process with one difference: `pandas.read_csv`
is given `float_precision="round_trip"`. pandas {pandas}'s default C float parser is not
correctly rounded: it reads `0.9999999999999999` as `1.0`, `0.30000000000000004` as `0.3`,
`0.49999999999999994` as `0.4999999999999999`, and about half of all 17-digit values 1 to
20 ulps off. A service that parses with `Double.parseDouble` reads the nearest double, and so
do these fixtures. The script also recomputes every label from a stdlib `csv` + `float()`
parse and asserts bit-for-bit agreement, and asserts values in [0, 1] plus the known values
of the special cases (AP 1 for a perfect ranking, AUROC 0 for an inverted one, AP = 1/rank
for one positive, AP = prevalence for a constant).

Cases where the unpatched reference (pandas' default parser) would give other numbers, by
the largest absolute difference over all scores:

| case | max abs difference |
|---|---|
{diffs}

## What a Java implementation should expect

- Compare with a tolerance (1e-12 is ample), not for equality. scikit-learn sums with
  numpy's pairwise summation (`np.sum` in AP, `np.trapz` over the ROC curve with
  intermediate points dropped, `mean` in ECE bins), so a straightforward Java loop differs
  in the last bits. Example: a perfect ranking with 10 distinct positive scores has
  sklearn AP `0.9999999999999999` (`perfect_and_inverted`, label Edema).
- Ties: all rows with the same score enter at one threshold; `0.0` and `-0.0` are the same
  score (`signed_zeros`).
- sklearn's AP can also land an ulp above 1: {above}
  (a perfect ranking). An implementation that gets exactly 1.0 is within tolerance; a
  test that asserts every expected value is at most 1 must allow that ulp.
- F1 uses `numpy.round` (half to even): `0.5` counts negative, `0.5000000000000001` positive.
- ECE bin = `min(floor(p * 10), 9)` computed in doubles, not a comparison with edges:
  `0.8999999999999999 * 10` rounds to `9.0`, so that value is in bin 9 although it is below
  `0.9` (a test `p < 0.9` would put it in bin 8). Every `k / 10` lands in bin k (also
  `0.3`, whose double is a little below 3/10), and `1.0` in bin 9. See `half_threshold`.

## Cases ({ncases}; {size} in all, this README aside)

| case | submission | purpose |
|---|---|---|
{rows}

## Messages printed by scikit-learn or pandas while generating

{warnings}
"""


def main():
    if len(sys.argv) != 2 or not os.path.isfile(sys.argv[1]):
        raise SystemExit("usage: make_golden.py /path/to/sklearn-reference.py")
    ref = os.path.abspath(sys.argv[1])
    for make in [task2_small, task1_medium, task3_zero_shot, ties_rounded, constant_predictions,
                 signed_zeros, half_threshold, tiny, perfect_and_inverted, format_variants,
                 extra_columns_and_rows, labels_subset, compressed, pairwise_large,
                 single_positive_ranks, extremes, binary_predictions, unscored_columns,
                 zips_as_tools_write_them, compressed_answer_key]:
        make(ref)
        print("done %-24s" % CASES[-1][0], file=sys.stderr)
    write_cases_and_readme(ref)
    print("sklearn %s, numpy %s, pandas %s; %d cases" % (sklearn.__version__, np.__version__, pd.__version__,
                                                        len(CASES)))
    for c, w in WARNINGS.items():
        print("warnings in %s: %s" % (c, sorted(set(w))))
    for a in ABOVE_ONE:
        print("above one: %s %s %s = %r" % a)
    for c, d in PANDAS_DEFAULT_DIFF.items():
        if d > 0:
            print("pandas default parser changes %s by up to %.3g" % (c, d))


if __name__ == "__main__":
    main()
