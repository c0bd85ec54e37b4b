-- Deploy's "Try it" form: the training rows of a run summarized once (each input's range or categories, a typical
-- row, a seeded sample of background rows for explanations) and kept as a JSON object, found again by run.
CREATE TABLE try_references (
  run_id         TEXT PRIMARY KEY REFERENCES runs(id),
  object_sha256  TEXT NOT NULL REFERENCES objects(sha256),
  created_at     TEXT NOT NULL
);
