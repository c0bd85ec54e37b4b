"""XGBoost's side of the GBDT benchmark: trains on the same float32 dump Gyre reads and prints one JSON line.

Usage: python3 gbdt-xgboost.py HEADER.json '{"n_estimators": 100, ...}'
Training time excludes loading the file and building the DMatrix (quantile sketching happens inside train).
"""
import json
import os
import sys
import time

import numpy as np
import xgboost as xgb
from sklearn.metrics import roc_auc_score

header_path, params = sys.argv[1], json.loads(sys.argv[2])
with open(header_path) as f:
    header = json.load(f)
rows, train_rows, cols = header["rows"], header["trainRows"], len(header["names"])
data = np.fromfile(os.path.join(os.path.dirname(header_path), header["file"]), dtype=np.float32).reshape(cols + 1, rows)
x_train = np.ascontiguousarray(data[:cols, :train_rows].T)
x_test = np.ascontiguousarray(data[:cols, train_rows:].T)
y_train, y_test = data[cols, :train_rows], data[cols, train_rows:]
dtrain = xgb.DMatrix(x_train, label=y_train, missing=np.nan, nthread=params["n_jobs"])
dtest = xgb.DMatrix(x_test, missing=np.nan, nthread=params["n_jobs"])

booster_params = {
    "objective": "binary:logistic",
    "tree_method": "hist",
    "max_depth": params["max_depth"],
    "eta": params["learning_rate"],
    "max_bin": params["max_bin"],
    "lambda": params["lambda"],
    "min_child_weight": params["min_child_weight"],
    "nthread": params["n_jobs"],
    "base_score": float(np.mean(y_train)),
    "seed": 0,
}
start = time.perf_counter()
booster = xgb.train(booster_params, dtrain, num_boost_round=params["n_estimators"])
seconds = time.perf_counter() - start
auc = roc_auc_score(y_test, booster.predict(dtest))
print(json.dumps({"version": xgb.__version__, "seconds": seconds, "auc": auc}))
