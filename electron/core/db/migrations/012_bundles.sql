-- Deployment bundles exported (issue: Deploy stage): where each went, in which form, and its manifest's checksum,
-- so the Deploy stage lists them and lineage reaches past the model version.
CREATE TABLE bundles (
  id               TEXT PRIMARY KEY,
  project_id       TEXT NOT NULL REFERENCES projects(id),
  version_id       TEXT NOT NULL REFERENCES model_versions(id),
  job_id           TEXT REFERENCES jobs(id),
  path             TEXT NOT NULL,
  format           TEXT NOT NULL CHECK (format IN ('folder', 'zip')),
  files            INTEGER NOT NULL,
  bytes            INTEGER NOT NULL,
  -- SHA-256 of MANIFEST.json as written: the bundle's identity
  manifest_sha256  TEXT NOT NULL,
  created_at       TEXT NOT NULL
);
CREATE INDEX bundles_project ON bundles(project_id, created_at);
