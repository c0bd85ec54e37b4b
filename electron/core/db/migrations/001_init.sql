-- Projects and their charter history: the Plan stage.
CREATE TABLE projects (
  id              TEXT PRIMARY KEY,
  name            TEXT NOT NULL,
  -- lower-cased name: names are unique regardless of case so the CLI can find a project by name
  name_key        TEXT NOT NULL UNIQUE,
  description     TEXT NOT NULL DEFAULT '',
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  archived_at     TEXT,
  last_opened_at  TEXT
);

-- Every save of a charter is a new row; nothing is updated in place.
CREATE TABLE charter_versions (
  project_id  TEXT NOT NULL REFERENCES projects(id) ON DELETE RESTRICT,
  version     INTEGER NOT NULL CHECK (version >= 1),
  content     TEXT NOT NULL CHECK (json_valid(content)),
  note        TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  PRIMARY KEY (project_id, version)
);

CREATE TABLE settings (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);

-- Files in objects/sha256/: what each one is, so the store can be audited against the database.
CREATE TABLE objects (
  sha256      TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  size        INTEGER NOT NULL CHECK (size >= 0),
  media_type  TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
