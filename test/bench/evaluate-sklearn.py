"""scikit-learn's side of the evaluation benchmark: the parts of Gyre's evaluation report, timed on the same rows.

Usage: python3 evaluate-sklearn.py TRAIN.csv EVAL.csv '{"resamples": 1000, "timedResamples": 20, "repeats": 5, ...}'
Fits HistGradientBoostingClassifier (100 trees, depth 6, up to 64 leaves like Gyre's depth-wise trees, no early
stopping) on the training file, with the three text columns ordinal-coded from the training file's levels and given
to `categorical_features` (native categorical splits, no one-hot); missing numbers stay NaN. Fitting is not timed.
On every row of the evaluation file it then times: predict_proba plus 200 one-row calls (Gyre's latency); bootstrap
95% percentile intervals of nine sklearn.metrics scores, `timedResamples` resamples timed and extrapolated linearly
to `resamples`; permutation_importance (ROC AUC, n_repeats) on a seeded 20,000-row sample; partial_dependence
(kind 'average', method 'brute' as Gyre computes it, grid_resolution 20) of the 5 most important columns on a seeded
1,000-row sample (Gyre's default). Prints one JSON line.
"""
import csv
import json
import sys
import time

import numpy as np
import sklearn
from sklearn import metrics as skm
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.inspection import partial_dependence, permutation_importance

TARGET = "converted"
CATEGORICAL = ("region", "channel", "group")

train_path, eval_path, options = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])


def read(path, levels=None):
    """Features (float64, categoricals as level codes, '' as NaN), target, column names and the levels used."""
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        columns = list(zip(*reader))
    names = [h for h in header if h != TARGET]
    if levels is None:
        levels = {c: sorted(set(columns[header.index(c)]) - {""}) for c in CATEGORICAL}
    x = np.empty((len(columns[0]), len(names)))
    for j, name in enumerate(names):
        values = columns[header.index(name)]
        if name in levels:
            code = {level: float(i) for i, level in enumerate(levels[name])}
            x[:, j] = [code.get(v, np.nan) for v in values]
        else:
            x[:, j] = [float(v) if v else np.nan for v in values]
    y = np.array(columns[header.index(TARGET)], dtype=np.int64)
    return x, y, names, levels


t = time.perf_counter()
x_train, y_train, names, levels = read(train_path)
x_eval, y_eval, _, _ = read(eval_path, levels)
read_seconds = time.perf_counter() - t
categorical = np.array([n in CATEGORICAL for n in names])

model = HistGradientBoostingClassifier(max_iter=100, max_depth=6, max_leaf_nodes=None, learning_rate=0.1, early_stopping=False, categorical_features=categorical, random_state=0)
t = time.perf_counter()
model.fit(x_train, y_train)
fit_seconds = time.perf_counter() - t
n = len(y_eval)
rng = np.random.default_rng(options.get("seed", 0))

# Score: every row at once, then one row per call (as Gyre's gate measures latency).
t = time.perf_counter()
p = model.predict_proba(x_eval)[:, 1]
latencies = []
for r in range(0, n, max(1, n // 200))[:200]:
    s = time.perf_counter()
    model.predict_proba(x_eval[r:r + 1])
    latencies.append(1000 * (time.perf_counter() - s))
score_seconds = time.perf_counter() - t


def scores(y, prob):
    predicted = (prob >= 0.5).astype(np.int64)
    return {
        "accuracy": skm.accuracy_score(y, predicted),
        "balanced_accuracy": skm.balanced_accuracy_score(y, predicted),
        "log_loss": skm.log_loss(y, prob, labels=[0, 1]),
        "precision": skm.precision_score(y, predicted, zero_division=0),
        "recall": skm.recall_score(y, predicted, zero_division=0),
        "f1": skm.f1_score(y, predicted, zero_division=0),
        "roc_auc": skm.roc_auc_score(y, prob),
        "average_precision": skm.average_precision_score(y, prob),
        "brier": skm.brier_score_loss(y, prob),
    }


# Intervals: a few resamples timed, the full count extrapolated from them.
timed = options["timedResamples"]
t = time.perf_counter()
draws = []
for _ in range(timed):
    idx = rng.integers(0, n, n)
    draws.append(scores(y_eval[idx], p[idx]))
bootstrap_seconds = time.perf_counter() - t
intervals_seconds = bootstrap_seconds / timed * options["resamples"]
point = scores(y_eval, p)
intervals = {k: [float(np.percentile([d[k] for d in draws], 2.5)), float(np.percentile([d[k] for d in draws], 97.5))] for k in point}

# Explanations: permutation importance on 20,000 rows, partial dependence of the top 5 on 1,000.
t = time.perf_counter()
sample = rng.choice(n, size=min(n, options["importanceRows"]), replace=False)
importance = permutation_importance(model, x_eval[sample], y_eval[sample], scoring="roc_auc", n_repeats=options["repeats"], random_state=0)
importance_seconds = time.perf_counter() - t
top = [int(j) for j in np.argsort(-importance.importances_mean)[:5]]
t = time.perf_counter()
pd_rows = x_eval[rng.choice(n, size=min(n, options["dependenceRows"]), replace=False)]
for j in top:
    partial_dependence(model, pd_rows, [j], kind="average", method="brute", grid_resolution=20, categorical_features=categorical)
dependence_seconds = time.perf_counter() - t
# sklearn's own choice for these trees (method 'auto' → 'recursion': from the trees, no rows scored), for reference.
t = time.perf_counter()
try:
    for j in top:
        partial_dependence(model, pd_rows, [j], kind="average", method="recursion", grid_resolution=20, categorical_features=categorical)
    recursion_seconds = time.perf_counter() - t
except ValueError as error:
    recursion_seconds = str(error)

explanations_seconds = importance_seconds + dependence_seconds
print(json.dumps({
    "version": sklearn.__version__,
    "readSeconds": read_seconds,
    "fitSeconds": fit_seconds,
    "rows": n,
    "rocAuc": point["roc_auc"],
    "latencyP50Ms": float(np.percentile(latencies, 50)),
    "latencyP95Ms": float(np.percentile(latencies, 95)),
    "score": score_seconds,
    "intervals": intervals_seconds,
    "timedResamples": timed,
    "timedResampleSeconds": bootstrap_seconds,
    "intervalsExtrapolated": True,
    "importance": importance_seconds,
    "dependence": dependence_seconds,
    "dependenceRecursion": recursion_seconds,
    "explanations": explanations_seconds,
    "top": [names[j] for j in top],
    "total": score_seconds + intervals_seconds + explanations_seconds,
    "intervalsOnTimedResamples": intervals,
}))
