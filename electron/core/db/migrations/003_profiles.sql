-- Profiles (Explore): computed once per dataset version and target column, stored as a JSON report object.
CREATE TABLE profiles (
  version_id     TEXT NOT NULL REFERENCES dataset_versions(id),
  -- '' when no target column was chosen
  target         TEXT NOT NULL DEFAULT '',
  object_sha256  TEXT NOT NULL REFERENCES objects(sha256),
  job_id         TEXT REFERENCES jobs(id),
  created_at     TEXT NOT NULL,
  PRIMARY KEY (version_id, target)
);
