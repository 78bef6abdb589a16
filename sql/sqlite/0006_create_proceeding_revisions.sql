-- Every save of a summary or a statement, as it was saved: who, when, what. statement_id NULL is the summary.
-- action: created, edited, deleted, restored, split, merged, moved, reverted, refused (a stale save kept, not applied).
CREATE TABLE proceeding_revisions (
    id INTEGER PRIMARY KEY,
    presentation_id INTEGER NOT NULL REFERENCES presentations (id) ON DELETE CASCADE,
    statement_id INTEGER NULL REFERENCES statements (id) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    action TEXT NOT NULL,
    speaker_participation_id INTEGER NULL REFERENCES participations (id) ON DELETE SET NULL,
    audience INTEGER NOT NULL DEFAULT 0,
    kind TEXT NULL,
    text TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX ix_proceeding_revisions_presentation ON proceeding_revisions (presentation_id, id);
CREATE INDEX ix_proceeding_revisions_statement ON proceeding_revisions (statement_id, id);
