-- Attribution as an editor prints it (name forms, audience phrases, "same voice as", a form chosen per statement) and
-- the report parts that follow the house (headings, the "Discussion." division, the order of the biographies).
-- Published editions keep their stored HTML: nothing here changes what an edition already says.

-- A fuller form printed at a person's first mention in the proceedings ("John Paul Anders"); empty: the name in print.
ALTER TABLE people ADD COLUMN first_mention_name TEXT NOT NULL DEFAULT '';
-- The short form a rapporteur may choose for a statement ("Reyes went on to say ..."); empty: the surname.
ALTER TABLE people ADD COLUMN short_form TEXT NOT NULL DEFAULT '';

-- Printed after a named audience member's name on their first statement of a discussion ("of the Arms Control Institute").
ALTER TABLE participations ADD COLUMN audience_phrase TEXT NOT NULL DEFAULT '';
-- Where this person's biography prints under "Among the participants"; NULL: by sort name after those with a place.
ALTER TABLE participations ADD COLUMN biography_position INTEGER NULL;

-- An unidentified voice known to be the same as an earlier statement's (in the same discussion).
ALTER TABLE statements ADD COLUMN same_voice_as INTEGER NULL REFERENCES statements (id) ON DELETE SET NULL;
-- The label form the rapporteur chose: derived (the default), name, first-mention, short, participant, audience-member, presenter.
ALTER TABLE statements ADD COLUMN label_form TEXT NOT NULL DEFAULT 'derived';
-- Spoken by the presenter when the presenter is not recorded (speaker_participation_id is NULL).
ALTER TABLE statements ADD COLUMN by_presenter INTEGER NOT NULL DEFAULT 0;

-- Whether the appendix prints "Discussion." before this presentation's statements.
ALTER TABLE presentations ADD COLUMN discussion_heading INTEGER NOT NULL DEFAULT 1;

-- Part headings as this house prints them; empty: the default heading.
ALTER TABLE reports ADD COLUMN headings TEXT NOT NULL DEFAULT '';
-- Print the open questions as a list even where the recommendations text already has them.
ALTER TABLE reports ADD COLUMN open_questions_always_listed INTEGER NOT NULL DEFAULT 0;

-- Overrides of leak hits in the report's own texts (foreword, summary, biographies ...), logged like the proceedings' own.
CREATE TABLE report_leak_overrides (
    id INTEGER PRIMARY KEY,
    roundtable_id INTEGER NOT NULL REFERENCES roundtables (id) ON DELETE CASCADE,
    place TEXT NOT NULL,
    term TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    reason TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX ix_report_leak_overrides_roundtable ON report_leak_overrides (roundtable_id);
