"""The peer of test/bench/recipe.ts: the same 10 recipe steps in pandas, on the same rows.

Usage: python3 recipe-pandas.py BENCH.csv CACHE.pkl OUT.pkl -> prints "<seconds> <rows>" (read + steps + write).
Debian's pandas has no Parquet engine (no pyarrow or fastparquet), so pandas reads and writes its own fastest binary
form, a pickle made once from the CSV (untimed) — the counterpart of Gyre reading and writing Parquet.
"""
import os
import sys
import time

import pandas as pd

src, cache, out = sys.argv[1], sys.argv[2], sys.argv[3]
if not os.path.exists(cache):
    pd.read_csv(src).to_pickle(cache)
t = time.perf_counter()
df = pd.read_pickle(cache)
df = df.drop(columns=["date_3"])                                       # 1 drop columns
df = df.rename(columns={"int_1": "amount"})                            # 2 rename
df = df[(df["float_1"] > 0) & (df["cat_1"] != "hotel")]               # 3 filter (missing counts as false)
for c in ["float_2", "float_3"]:                                       # 4 fill with the median
    df[c] = df[c].fillna(df[c].median())
q1, q3 = df["float_4"].quantile([0.25, 0.75])                          # 5 clip IQR outliers
df["float_4"] = df["float_4"].clip(q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1))
df["cat_2"] = df["cat_2"].str.strip().str.replace(r"\s+", " ", regex=True).str.upper()  # 6 clean text
df["cat_2"] = df["cat_2"].replace("", None)
df["derived"] = df["amount"] * 2 + df["int_3"]                          # 7 derive
df["float_6_mean_by_cat_3"] = df.groupby("cat_3", dropna=False)["float_6"].transform("mean")  # 8 group aggregate
dummies = pd.get_dummies(df["cat_4"], prefix="cat_4", prefix_sep="=", dtype="int32")       # 9 one-hot
df = pd.concat([df.drop(columns=["cat_4"]), dummies], axis=1)
df = df.drop_duplicates(subset=["amount", "int_2"])                    # 10 remove duplicates, keep first
df.to_pickle(out)
print(time.perf_counter() - t, len(df))
