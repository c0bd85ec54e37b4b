-- Bring your own model (issue: Evaluate stage): an imported model is judged on every row of a version that has a
-- target, so its split has test rows and no training rows. SQLite cannot relax a CHECK in place: the table is
-- made again with train_rows >= 0. Foreign keys from runs are checked at commit, once the rows are back.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE splits_copy AS SELECT * FROM splits;
DROP TABLE splits;
CREATE TABLE splits (
  id               TEXT PRIMARY KEY,
  version_id       TEXT NOT NULL REFERENCES dataset_versions(id),
  spec             TEXT NOT NULL CHECK (json_valid(spec)),
  -- 0 for an imported model's split ({"kind": "imported"}): Gyre did not train it
  train_rows       INTEGER NOT NULL CHECK (train_rows >= 0),
  test_rows        INTEGER NOT NULL CHECK (test_rows > 0),
  excluded         TEXT CHECK (excluded IS NULL OR json_valid(excluded)),
  -- SHA-256 of the sorted test row indices: the same hash holds out the same rows
  membership_hash  TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  UNIQUE (version_id, membership_hash)
);
INSERT INTO splits SELECT id, version_id, spec, train_rows, test_rows, excluded, membership_hash, created_at FROM splits_copy;
DROP TABLE splits_copy;
