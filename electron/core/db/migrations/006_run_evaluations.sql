-- What a run's evaluation charts draw (ROC, precision-recall, calibration, confusion matrix, residuals), computed
-- from the exported file's test-set output when the run is saved: one JSON document per run, read one at a time.
CREATE TABLE run_evaluations (
  run_id   TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
  content  TEXT NOT NULL CHECK (json_valid(content))
);
