-- Model cards (issue: Evaluate stage): a card is generated from the records each time it is asked for; only the
-- text a person wrote for an editable section is kept, and it replaces the generated text until reset.
CREATE TABLE model_card_sections (
  version_id  TEXT NOT NULL REFERENCES model_versions(id),
  section     TEXT NOT NULL CHECK (section IN ('intended-use', 'limitations', 'ethical-considerations')),
  text        TEXT NOT NULL,
  edited_at   TEXT NOT NULL,
  actor       TEXT NOT NULL,
  PRIMARY KEY (version_id, section)
);
