-- Experiment tracking (issue: Train stage): what a run cost, which code made it, the user's notes and tags,
-- and its learning curves (one row per series, the points as a JSON array: read one run at a time).
ALTER TABLE runs ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags));
-- {cpuSeconds, peakMemoryMb, scoringRowsPerSecond, latencyP50Ms, latencyP95Ms}; NULL for runs saved before this
ALTER TABLE runs ADD COLUMN cost TEXT CHECK (cost IS NULL OR json_valid(cost));
ALTER TABLE runs ADD COLUMN code_version TEXT;

CREATE TABLE run_curves (
  run_id  TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  name    TEXT NOT NULL,
  -- 'round' (boosting) or 'epoch' (linear, MLP)
  unit    TEXT NOT NULL CHECK (unit IN ('round', 'epoch')),
  points  TEXT NOT NULL CHECK (json_valid(points)),
  PRIMARY KEY (run_id, name)
);
