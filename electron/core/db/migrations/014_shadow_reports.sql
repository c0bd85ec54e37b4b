-- Shadow validation (issue: Deploy stage): a candidate model version compared with production on a dataset version
-- or a bundle server's prediction log; the report itself is a JSON object in the store.
CREATE TABLE shadow_reports (
  id                     TEXT PRIMARY KEY,
  project_id             TEXT NOT NULL REFERENCES projects(id),
  production_version_id  TEXT NOT NULL REFERENCES model_versions(id),
  candidate_version_id   TEXT NOT NULL REFERENCES model_versions(id),
  job_id                 TEXT REFERENCES jobs(id),
  -- ShadowSource as JSON, and the words the list shows for it
  source                 TEXT NOT NULL,
  source_label           TEXT NOT NULL,
  -- what the list shows without reading the report: mode, rows, agreement rate, the headline metric of each (JSON)
  mode                   TEXT NOT NULL CHECK (mode IN ('shadow', 'ab')),
  rows                   INTEGER NOT NULL,
  agreement_rate         REAL,
  headline               TEXT,
  -- what to keep in mind reading it (JSON array of sentences)
  notes                  TEXT NOT NULL DEFAULT '[]',
  object_sha256          TEXT NOT NULL REFERENCES objects(sha256),
  created_at             TEXT NOT NULL
);
CREATE INDEX shadow_reports_project ON shadow_reports(project_id, created_at);
