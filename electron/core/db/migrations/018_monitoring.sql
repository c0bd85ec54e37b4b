-- Monitoring (issue: Monitor stage): batches of production inputs compared with a model version's training rows,
-- the alert rules a project adds to the charter's own, and the alerts batches raise.
CREATE TABLE monitor_settings (
  project_id      TEXT PRIMARY KEY REFERENCES projects(id),
  -- DriftSettings as JSON
  drift           TEXT NOT NULL,
  -- ids of the charter's rules turned off (JSON array)
  disabled_rules  TEXT NOT NULL DEFAULT '[]',
  updated_at      TEXT NOT NULL
);

CREATE TABLE monitor_rules (
  id          TEXT PRIMARY KEY,
  project_id  TEXT NOT NULL REFERENCES projects(id),
  -- AlertRuleInput as JSON
  rule        TEXT NOT NULL,
  severity    TEXT NOT NULL CHECK (severity IN ('critical', 'warning')),
  enabled     INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL
);
CREATE INDEX monitor_rules_project ON monitor_rules(project_id, created_at);

CREATE TABLE monitor_batches (
  id              TEXT PRIMARY KEY,
  project_id      TEXT NOT NULL REFERENCES projects(id),
  version_id      TEXT NOT NULL REFERENCES model_versions(id),
  job_id          TEXT REFERENCES jobs(id),
  name            TEXT NOT NULL,
  -- BatchSource and BatchOutcomes (or NULL) as JSON
  source          TEXT NOT NULL,
  outcomes        TEXT,
  rows            INTEGER NOT NULL,
  observed_at     TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  -- what the time line shows without reading the report
  verdict         TEXT NOT NULL CHECK (verdict IN ('drift', 'some_drift', 'stable')),
  drifted         INTEGER NOT NULL,
  features        INTEGER NOT NULL,
  share_drifted   REAL NOT NULL,
  -- the charter's metrics on the batch (JSON), NULL without outcomes
  metrics         TEXT,
  -- each sensitive attribute's demographic parity difference on the batch (JSON), NULL without outcomes
  fairness        TEXT,
  -- the batch's rows (Parquet: inputs, id, outcome) and the report (JSON: drift and performance)
  rows_sha256     TEXT NOT NULL REFERENCES objects(sha256),
  report_sha256   TEXT NOT NULL REFERENCES objects(sha256)
);
CREATE INDEX monitor_batches_project ON monitor_batches(project_id, observed_at);

CREATE TABLE monitor_alerts (
  id          TEXT PRIMARY KEY,
  project_id  TEXT NOT NULL REFERENCES projects(id),
  batch_id    TEXT NOT NULL REFERENCES monitor_batches(id),
  rule_id     TEXT NOT NULL,
  kind        TEXT NOT NULL,
  severity    TEXT NOT NULL CHECK (severity IN ('critical', 'warning')),
  title       TEXT NOT NULL,
  value       REAL,
  threshold   REAL,
  status      TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  actor       TEXT,
  note        TEXT NOT NULL DEFAULT '',
  -- the next iteration started from it (JSON: charter version, dataset version), if any
  iteration   TEXT
);
CREATE INDEX monitor_alerts_project ON monitor_alerts(project_id, status, created_at);
-- the batch list counts each batch's alerts
CREATE INDEX monitor_alerts_batch ON monitor_alerts(batch_id);
