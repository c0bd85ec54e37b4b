-- The model registry (issue: Evaluate stage): named models whose numbered versions are registered runs, moved
-- through stages, every move recorded with who, when, why and the success gate at the time.
CREATE TABLE models (
  id          TEXT PRIMARY KEY,
  project_id  TEXT NOT NULL REFERENCES projects(id),
  name        TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  UNIQUE (project_id, name)
);

CREATE TABLE model_versions (
  id           TEXT PRIMARY KEY,
  model_id     TEXT NOT NULL REFERENCES models(id),
  version      INTEGER NOT NULL CHECK (version >= 1),
  run_id       TEXT NOT NULL REFERENCES runs(id),
  stage        TEXT NOT NULL CHECK (stage IN ('candidate', 'staging', 'production', 'archived')),
  description  TEXT NOT NULL DEFAULT '',
  threshold    REAL CHECK (threshold IS NULL OR (threshold > 0 AND threshold < 1)),
  created_at   TEXT NOT NULL,
  UNIQUE (model_id, version)
);
-- One production version per model, kept by the database itself.
CREATE UNIQUE INDEX model_versions_one_production ON model_versions(model_id) WHERE stage = 'production';
CREATE INDEX model_versions_run ON model_versions(run_id);

CREATE TABLE model_events (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  version_id     TEXT NOT NULL REFERENCES model_versions(id),
  at             TEXT NOT NULL,
  actor          TEXT NOT NULL,
  action         TEXT NOT NULL CHECK (action IN ('registered', 'stage', 'threshold', 'description')),
  from_stage     TEXT,
  to_stage       TEXT,
  reason         TEXT NOT NULL DEFAULT '',
  override       INTEGER NOT NULL DEFAULT 0 CHECK (override IN (0, 1)),
  gate_passed    INTEGER CHECK (gate_passed IN (0, 1)),
  evaluation_id  TEXT REFERENCES evaluations(id),
  detail         TEXT
);
CREATE INDEX model_events_version ON model_events(version_id, id);
