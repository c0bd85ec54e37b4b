"""numpy/scipy's side of the monitor benchmark: the drift report's statistics per column, timed on the same values.

Usage: python3 monitor-scipy.py '{"dir": ..., "numeric": [...], "categorical": [...], "runs": 3}'
Reads each column's reference and batch values as monitor.ts wrote them (numbers raw float64 with NaN missing; text
one value a line, NUL missing), untimed. Then times, best of `runs`, for every numeric column: missing values
dropped, np.sort of each side, PSI on the reference's deciles (np.quantile, searchsorted) and the Jensen–Shannon
distance over the same bins, ks_2samp, wasserstein_distance, the sample standard deviation, a 20-bin histogram
over both sides' range and the counts outside the reference's range; for every text column: pandas value_counts
on each side, aligned over the union, chi2_contingency (correction=False), jensenshannon (base 2), PSI, the unseen
categories and the 12 most frequent. Prints one JSON line: seconds, scipy's version and each column's statistics.
"""
import json
import os
import sys
import time

import numpy as np
import pandas as pd
import scipy
from scipy.spatial.distance import jensenshannon
from scipy.stats import chi2_contingency, ks_2samp, wasserstein_distance

EPSILON = 1e-4
spec = json.loads(sys.argv[1])


def read_numbers(side, name):
    return np.fromfile(os.path.join(spec["dir"], f"{side}-{name}.f64"), dtype=np.float64)


def read_text(side, name):
    with open(os.path.join(spec["dir"], f"{side}-{name}.txt"), encoding="utf-8") as f:
        values = f.read().split("\n")
    return pd.Series([None if v == "\0" else v for v in values], dtype=object)


def psi(ref_counts, batch_counts):
    r = np.maximum(ref_counts / ref_counts.sum(), EPSILON)
    b = np.maximum(batch_counts / batch_counts.sum(), EPSILON)
    return float(np.sum((b - r) * np.log(b / r)))


def numeric(name, ref_raw, batch_raw):
    ref = np.sort(ref_raw[~np.isnan(ref_raw)])
    batch = np.sort(batch_raw[~np.isnan(batch_raw)])
    edges = np.unique(np.quantile(ref, np.arange(1, 10) / 10))
    cuts = lambda x: np.diff(np.concatenate(([0], np.searchsorted(x, edges, side="left"), [len(x)])))
    ref_counts, batch_counts = cuts(ref), cuts(batch)
    ks = ks_2samp(ref, batch)
    w = wasserstein_distance(ref, batch)
    sd = ref.std(ddof=1)
    lo, hi = min(ref[0], batch[0]), max(ref[-1], batch[-1])
    np.histogram(ref, bins=20, range=(lo, hi))
    np.histogram(batch, bins=20, range=(lo, hi))
    np.searchsorted(batch, ref[0], side="left"), len(batch) - np.searchsorted(batch, ref[-1], side="right")
    return {
        "name": name,
        "psi": psi(ref_counts, batch_counts),
        "js": float(jensenshannon(ref_counts, batch_counts, base=2)),
        "ks": float(ks.statistic),
        "ksPValue": float(ks.pvalue),
        "wasserstein": float(w),
        "wassersteinSd": float(w / sd),
        "chi2": None,
        "chi2PValue": None,
    }


def categorical(name, ref_raw, batch_raw):
    ref = ref_raw.value_counts()
    batch = batch_raw.value_counts()
    table = pd.concat([ref, batch], axis=1, keys=["reference", "batch"]).fillna(0)
    ref_counts, batch_counts = table["reference"].to_numpy(), table["batch"].to_numpy()
    chi2, p, dof, _ = chi2_contingency(np.vstack([ref_counts, batch_counts]), correction=False)
    unseen = table[table["reference"] == 0]["batch"].sort_values(ascending=False)
    (table["reference"] / ref_counts.sum() + table["batch"] / batch_counts.sum()).nlargest(12)
    return {
        "name": name,
        "psi": psi(ref_counts, batch_counts),
        "js": float(jensenshannon(ref_counts, batch_counts, base=2)),
        "ks": None,
        "ksPValue": None,
        "wasserstein": None,
        "chi2": float(chi2),
        "chi2PValue": float(p),
        "unseen": int(unseen.sum()),
    }


columns = [("numeric", n, read_numbers("reference", n), read_numbers("batch", n)) for n in spec["numeric"]]
columns += [("categorical", n, read_text("reference", n), read_text("batch", n)) for n in spec["categorical"]]
best = float("inf")
for _ in range(spec["runs"]):
    start = time.perf_counter()
    result = [numeric(n, r, b) if kind == "numeric" else categorical(n, r, b) for kind, n, r, b in columns]
    best = min(best, time.perf_counter() - start)
print(json.dumps({"seconds": best, "version": scipy.__version__, "columns": result}))
