CREATE TABLE presentations (
    id INTEGER PRIMARY KEY,
    roundtable_id INTEGER NOT NULL REFERENCES roundtables (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    start_time TEXT NULL,
    end_time TEXT NULL,
    presenter_named INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX ix_presentations_roundtable ON presentations (roundtable_id, position);

CREATE TABLE presentation_presenters (
    presentation_id INTEGER NOT NULL REFERENCES presentations (id) ON DELETE CASCADE,
    participation_id INTEGER NOT NULL REFERENCES participations (id) ON DELETE CASCADE,
    PRIMARY KEY (presentation_id, participation_id)
);

CREATE TABLE presentation_rapporteurs (
    presentation_id INTEGER NOT NULL REFERENCES presentations (id) ON DELETE CASCADE,
    participation_id INTEGER NOT NULL REFERENCES participations (id) ON DELETE CASCADE,
    PRIMARY KEY (presentation_id, participation_id)
);
