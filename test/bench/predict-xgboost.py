"""The Python peer of predict.mjs in the bundle benchmark: pandas reads the CSV, XGBoost scores it, pandas writes it.

Usage: python3 predict-xgboost.py TRAIN.csv SCORE.csv OUT.csv THREADS
Trains a 100-tree, depth-6 XGBoost model on TRAIN.csv (target `converted`; untimed), saves it, then times what a
Python team's batch job does with it: load the saved model, read SCORE.csv, derive the same kinds of features (dates
as year, month, day and weekday; categories as codes; flags as 0/1), predict probabilities and write the input's
columns with label, p_false and p_true appended. Prints one JSON line: rows and seconds (interpreter start and
imports excluded, model load included).
"""
import json
import os
import sys
import time

import pandas as pd
import xgboost as xgb

train_path, score_path, out_path, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
CATS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]


def features(frame: pd.DataFrame) -> pd.DataFrame:
    out = {}
    for name in frame.columns:
        column = frame[name]
        if name.startswith("cat_"):
            out[name] = pd.Categorical(column, categories=CATS).codes.astype("float32")
        elif name.startswith("date_"):
            when = pd.to_datetime(column, format="%Y-%m-%d", errors="coerce")
            for part in ("year", "month", "day", "dayofweek"):
                out[f"{name}_{part}"] = getattr(when.dt, part).astype("float32")
        elif name.startswith(("int_", "float_", "flag_")):
            out[name] = column.astype("float32")
    return pd.DataFrame(out)


train = pd.read_csv(train_path)
model = xgb.XGBClassifier(n_estimators=100, max_depth=6, learning_rate=0.1, tree_method="hist", n_jobs=threads, random_state=0)
model.fit(features(train.drop(columns=["id", "converted"])), train["converted"].astype(int))
saved = out_path + ".model.json"
model.save_model(saved)

start = time.perf_counter()
scorer = xgb.XGBClassifier(n_jobs=threads)
scorer.load_model(saved)
frame = pd.read_csv(score_path)
p = scorer.predict_proba(features(frame.drop(columns=["id"])))
frame["label"] = (p[:, 1] >= 0.5)
frame["p_false"] = p[:, 0]
frame["p_true"] = p[:, 1]
frame.to_csv(out_path, index=False)
seconds = time.perf_counter() - start
os.remove(saved)
print(json.dumps({"rows": len(frame), "seconds": seconds}))
