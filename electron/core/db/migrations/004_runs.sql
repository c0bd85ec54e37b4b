-- Training (issue: training engine). A split is a saved, reusable train/test division of one dataset version.
CREATE TABLE splits (
  id               TEXT PRIMARY KEY,
  version_id       TEXT NOT NULL REFERENCES dataset_versions(id),
  spec             TEXT NOT NULL CHECK (json_valid(spec)),
  train_rows       INTEGER NOT NULL CHECK (train_rows > 0),
  test_rows        INTEGER NOT NULL CHECK (test_rows > 0),
  excluded         TEXT CHECK (excluded IS NULL OR json_valid(excluded)),
  -- SHA-256 of the sorted test row indices: the same hash holds out the same rows
  membership_hash  TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  UNIQUE (version_id, membership_hash)
);

-- A run is one fitted pipeline (preprocessing + estimator) exported as one ONNX object, with its test metrics.
CREATE TABLE runs (
  id             TEXT PRIMARY KEY,
  project_id     TEXT NOT NULL REFERENCES projects(id),
  job_id         TEXT REFERENCES jobs(id),
  version_id     TEXT NOT NULL REFERENCES dataset_versions(id),
  split_id       TEXT NOT NULL REFERENCES splits(id),
  target         TEXT NOT NULL,
  task           TEXT NOT NULL CHECK (task IN ('binary', 'multiclass', 'regression')),
  model          TEXT NOT NULL,
  params         TEXT NOT NULL CHECK (json_valid(params)),
  -- preprocessing, class labels, feature names, execution provider, training history
  details        TEXT NOT NULL CHECK (json_valid(details)),
  metrics        TEXT NOT NULL CHECK (json_valid(metrics)),
  onnx_sha256    TEXT NOT NULL REFERENCES objects(sha256),
  train_seconds  REAL NOT NULL,
  created_at     TEXT NOT NULL
);
CREATE INDEX runs_by_project ON runs (project_id, created_at);
