-- Tuning (issue: hyperparameter tuning). A study searches one model's hyperparameters on a validation slice held
-- out of a split's training rows, then trains its best configuration into a regular run.
CREATE TABLE studies (
  id           TEXT PRIMARY KEY,
  project_id   TEXT NOT NULL REFERENCES projects(id),
  job_id       TEXT REFERENCES jobs(id),
  version_id   TEXT NOT NULL REFERENCES dataset_versions(id),
  target       TEXT NOT NULL,
  task         TEXT NOT NULL CHECK (task IN ('binary', 'multiclass', 'regression')),
  model        TEXT NOT NULL,
  strategy     TEXT NOT NULL CHECK (strategy IN ('random', 'halving')),
  metric       TEXT NOT NULL,
  direction    TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
  space        TEXT NOT NULL CHECK (json_valid(space)),
  -- {"seconds": …, "trials": …}, either null
  budget       TEXT NOT NULL CHECK (json_valid(budget)),
  seed         INTEGER NOT NULL,
  -- 'running' until the job's last transaction; a cancelled or lost job's study reads as the job ended (studies.ts)
  status       TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  best_trial   INTEGER,
  run_id       TEXT REFERENCES runs(id),
  created_at   TEXT NOT NULL,
  finished_at  TEXT
);
CREATE INDEX studies_project ON studies(project_id, created_at);

-- One fit of one configuration on a share of the tuning rows, written as it finishes.
CREATE TABLE trials (
  study_id  TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
  number    INTEGER NOT NULL,
  config    INTEGER NOT NULL,
  rung      INTEGER NOT NULL,
  params    TEXT NOT NULL CHECK (json_valid(params)),
  -- share of the tuning rows it trained on, and how many rows that was
  budget    REAL NOT NULL CHECK (budget > 0 AND budget <= 1),
  rows      INTEGER NOT NULL,
  value     REAL,
  seconds   REAL NOT NULL,
  status    TEXT NOT NULL CHECK (status IN ('completed', 'pruned', 'failed')),
  error     TEXT,
  PRIMARY KEY (study_id, number)
);
