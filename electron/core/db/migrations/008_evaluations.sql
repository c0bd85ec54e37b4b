-- Evaluation reports (issue: Evaluate stage): a run's exported file scored on a dataset version, with every
-- metric's confidence interval, curves, errors, fairness, explanations and the charter's gate, as one JSON report.
CREATE TABLE evaluations (
  id          TEXT PRIMARY KEY,
  project_id  TEXT NOT NULL REFERENCES projects(id),
  run_id      TEXT NOT NULL REFERENCES runs(id),
  version_id  TEXT NOT NULL REFERENCES dataset_versions(id),
  job_id      TEXT REFERENCES jobs(id),
  -- the run's held-out rows, or every row with a target
  rows        TEXT NOT NULL CHECK (rows IN ('test', 'all')),
  -- what was asked (resamples, repeats, seed, extra sensitive columns) and the background rows explanations use
  request     TEXT NOT NULL CHECK (json_valid(request)),
  -- the success gate's verdict: 1 passed, 0 failed, NULL when the charter has no criteria
  passed      INTEGER CHECK (passed IN (0, 1)),
  report      TEXT NOT NULL CHECK (json_valid(report)),
  created_at  TEXT NOT NULL
);
CREATE INDEX evaluations_project ON evaluations(project_id, created_at);
CREATE INDEX evaluations_run ON evaluations(run_id, created_at);
