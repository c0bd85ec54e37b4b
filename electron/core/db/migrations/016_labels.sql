-- Labeling with active learning (Prepare stage): sessions over a dataset version's target column, every label and
-- skip people gave (never deleted: undo marks one undone), and the quick model's rankings of the queue.
CREATE TABLE label_sessions (
  id              TEXT PRIMARY KEY,
  project_id      TEXT NOT NULL REFERENCES projects(id),
  version_id      TEXT NOT NULL REFERENCES dataset_versions(id),
  -- an existing column of the version, or a new one (target_in_data = 0)
  target          TEXT NOT NULL,
  target_in_data  INTEGER NOT NULL CHECK (target_in_data IN (0, 1)),
  -- the classes in key order (JSON array of strings): the data's, then those people added
  classes         TEXT NOT NULL CHECK (json_valid(classes)),
  -- rows labeled in the data, in all and per class (JSON object): the version never changes, so counted once
  data_labeled    INTEGER NOT NULL CHECK (data_labeled >= 0),
  data_counts     TEXT NOT NULL CHECK (json_valid(data_counts)),
  min_labels      INTEGER NOT NULL CHECK (min_labels >= 2),
  rank_every      INTEGER NOT NULL CHECK (rank_every >= 1),
  seed            INTEGER NOT NULL,
  -- people's labels counted when a ranking was last asked for (so the next comes rank_every labels later)
  rank_asked_at   INTEGER,
  created_at      TEXT NOT NULL,
  UNIQUE (version_id, target)
);
CREATE INDEX label_sessions_project ON label_sessions(project_id, created_at);

-- One row per action. A row's current label by a labeler is their newest 'label' not undone.
CREATE TABLE labels (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id  TEXT NOT NULL REFERENCES label_sessions(id),
  -- the row's 0-based position in the version's Parquet object
  row_index   INTEGER NOT NULL CHECK (row_index >= 0),
  labeler     TEXT NOT NULL,
  action      TEXT NOT NULL CHECK (action IN ('label', 'skip')),
  label       TEXT,
  -- the row's target in the data (as text) when labeled, so progress counts without reading the data again
  data_label  TEXT,
  created_at  TEXT NOT NULL,
  undone_at   TEXT,
  CHECK ((action = 'label') = (label IS NOT NULL))
);
CREATE INDEX labels_by_row ON labels(session_id, row_index);
CREATE INDEX labels_by_labeler ON labels(session_id, labeler, id);

-- The queue's order by the model's uncertainty; the ranked rows are a JSON object in the store.
CREATE TABLE label_rankings (
  id             TEXT PRIMARY KEY,
  session_id     TEXT NOT NULL REFERENCES label_sessions(id),
  job_id         TEXT REFERENCES jobs(id),
  trained_on     INTEGER NOT NULL,
  from_data      INTEGER NOT NULL,
  people_labels  INTEGER NOT NULL,
  classes        TEXT NOT NULL CHECK (json_valid(classes)),
  scored         INTEGER NOT NULL,
  unlabeled_rows INTEGER NOT NULL,
  seconds        REAL NOT NULL,
  object_sha256  TEXT NOT NULL REFERENCES objects(sha256),
  created_at     TEXT NOT NULL
);
CREATE INDEX label_rankings_session ON label_rankings(session_id, created_at);
