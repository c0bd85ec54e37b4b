-- Jobs: heavy work run in worker processes, persisted so a restart can tell what was interrupted.
CREATE TABLE jobs (
  id           TEXT PRIMARY KEY,
  kind         TEXT NOT NULL,
  project_id   TEXT REFERENCES projects(id),
  status       TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
  progress     REAL NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
  message      TEXT NOT NULL DEFAULT '',
  input        TEXT NOT NULL CHECK (json_valid(input)),
  result       TEXT CHECK (result IS NULL OR json_valid(result)),
  error        TEXT CHECK (error IS NULL OR json_valid(error)),
  -- host:pid of the process running it, so another process does not mistake a live job for an interrupted one
  runner       TEXT,
  created_at   TEXT NOT NULL,
  started_at   TEXT,
  finished_at  TEXT
);
CREATE INDEX jobs_by_project ON jobs (project_id, created_at);
CREATE INDEX jobs_by_status ON jobs (status);

-- A dataset is a named series of immutable versions.
CREATE TABLE datasets (
  id          TEXT PRIMARY KEY,
  project_id  TEXT NOT NULL REFERENCES projects(id),
  name        TEXT NOT NULL,
  name_key    TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  UNIQUE (project_id, name_key)
);

-- Each version is one Parquet object in the store. Lineage: a source file, or parent versions + an operation.
CREATE TABLE dataset_versions (
  id             TEXT PRIMARY KEY,
  dataset_id     TEXT NOT NULL REFERENCES datasets(id),
  version        INTEGER NOT NULL CHECK (version >= 1),
  object_sha256  TEXT NOT NULL REFERENCES objects(sha256),
  row_count      INTEGER NOT NULL CHECK (row_count >= 0),
  column_count   INTEGER NOT NULL CHECK (column_count >= 0),
  schema         TEXT NOT NULL CHECK (json_valid(schema)),
  source_name    TEXT,
  source_size    INTEGER,
  source_sha256  TEXT,
  -- how the source was read (format, delimiter, encoding, chosen types…): same bytes + same options = same version
  read_options   TEXT NOT NULL CHECK (json_valid(read_options)),
  operation      TEXT NOT NULL,
  parent_ids     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(parent_ids)),
  job_id         TEXT REFERENCES jobs(id),
  created_at     TEXT NOT NULL,
  UNIQUE (dataset_id, version)
);
CREATE INDEX dataset_versions_by_source ON dataset_versions (source_sha256);
