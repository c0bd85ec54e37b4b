"""scikit-learn's side of the MLP benchmark: MLPClassifier on the same rows, imputation and scaling as Gyre's side.

Usage: python3 mlp-sklearn.py HEADER.json '{"train": 100000, "test": 25000, "hidden": [100], ...}'
Reads the GBDT benchmark's float32 dump, takes the first `train` training rows and the first `test` test rows, fills
missing values with the training mean, standardizes with the training mean and deviation, and prints one JSON line.
"""
import json
import os
import sys
import time

import numpy as np
import sklearn
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.neural_network import MLPClassifier

header_path, params = sys.argv[1], json.loads(sys.argv[2])
with open(header_path) as f:
    header = json.load(f)
rows, train_rows, cols = header["rows"], header["trainRows"], len(header["names"])
data = np.fromfile(os.path.join(os.path.dirname(header_path), header["file"]), dtype=np.float32).reshape(cols + 1, rows)
n_train, n_test = params["train"], params["test"]
x_train = data[:cols, :n_train].T.astype(np.float64)
x_test = data[:cols, train_rows:train_rows + n_test].T.astype(np.float64)
y_train, y_test = data[cols, :n_train], data[cols, train_rows:train_rows + n_test]
mean = np.nanmean(x_train, axis=0)
x_train = np.where(np.isnan(x_train), mean, x_train)
x_test = np.where(np.isnan(x_test), mean, x_test)
sd = x_train.std(axis=0)
sd[sd == 0] = 1
x_train = (x_train - mean) / sd
x_test = (x_test - mean) / sd

model = MLPClassifier(
    hidden_layer_sizes=tuple(params["hidden"]),
    batch_size=params["batch"],
    learning_rate_init=params["lr"],
    alpha=params["alpha"],
    max_iter=params["epochs"],
    early_stopping=params["early_stopping"],
    validation_fraction=0.1,
    n_iter_no_change=10,
    tol=1e-4,
    random_state=0,
)
start = time.perf_counter()
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # ConvergenceWarning when max_iter is reached on purpose
    model.fit(x_train, y_train)
seconds = time.perf_counter() - start
p = model.predict_proba(x_test)[:, 1]
print(json.dumps({
    "version": sklearn.__version__,
    "seconds": seconds,
    "epochs": int(model.n_iter_),
    "accuracy": float(accuracy_score(y_test, p > 0.5)),
    "auc": float(roc_auc_score(y_test, p)),
}))
