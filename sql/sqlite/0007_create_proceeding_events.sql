-- The lifecycle log: marked edited, back to draft, approved, reopened (with the reason), reordered, moved in/out.
CREATE TABLE proceeding_events (
    id INTEGER PRIMARY KEY,
    presentation_id INTEGER NOT NULL REFERENCES presentations (id) ON DELETE CASCADE,
    action TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    user_id INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX ix_proceeding_events_presentation ON proceeding_events (presentation_id, id);
