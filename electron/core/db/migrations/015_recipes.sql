-- Recipes (issue: Prepare stage): ordered steps from one dataset version to a new one. A recipe's versions are
-- immutable (steps as JSON); each run on a dataset version is recorded with its per-step report.
CREATE TABLE recipes (
  id          TEXT PRIMARY KEY,
  project_id  TEXT NOT NULL REFERENCES projects(id),
  name        TEXT NOT NULL,
  name_key    TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  UNIQUE (project_id, name_key)
);

CREATE TABLE recipe_versions (
  id                     TEXT PRIMARY KEY,
  recipe_id              TEXT NOT NULL REFERENCES recipes(id),
  version                INTEGER NOT NULL,
  -- RecipeStep[] as JSON
  steps                  TEXT NOT NULL,
  drafted_on_version_id  TEXT REFERENCES dataset_versions(id),
  created_at             TEXT NOT NULL,
  UNIQUE (recipe_id, version)
);

CREATE TABLE recipe_applications (
  id                  TEXT PRIMARY KEY,
  recipe_version_id   TEXT NOT NULL REFERENCES recipe_versions(id),
  input_version_id    TEXT NOT NULL REFERENCES dataset_versions(id),
  output_version_id   TEXT NOT NULL REFERENCES dataset_versions(id),
  -- StepReport[] as JSON
  report              TEXT NOT NULL,
  job_id              TEXT REFERENCES jobs(id),
  created_at          TEXT NOT NULL
);
CREATE INDEX recipe_applications_version ON recipe_applications(recipe_version_id, created_at);
CREATE INDEX recipe_applications_output ON recipe_applications(output_version_id);
