-- One row per presentation that has proceedings: the summary and the lifecycle state.
-- version counts every change to the presentation's proceedings (summary or any statement);
-- summary_revision is the summary's own revision number for optimistic concurrency.
CREATE TABLE proceedings (
    presentation_id INTEGER PRIMARY KEY REFERENCES presentations (id) ON DELETE CASCADE,
    summary TEXT NOT NULL DEFAULT '',
    summary_revision INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'edited', 'approved')),
    version INTEGER NOT NULL DEFAULT 0,
    approved_by_user_id INTEGER NULL REFERENCES users (id),
    approved_at TEXT NULL,
    updated_by_user_id INTEGER NULL REFERENCES users (id),
    updated_at TEXT NOT NULL
);

-- The discussion: ordered statements. speaker_participation_id NULL means "unidentified".
-- Deleting is soft (deleted_at) so a statement can be restored; client_key makes a resent capture idempotent.
CREATE TABLE statements (
    id INTEGER PRIMARY KEY,
    presentation_id INTEGER NOT NULL REFERENCES presentations (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    speaker_participation_id INTEGER NULL REFERENCES participations (id) ON DELETE SET NULL,
    audience INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL CHECK (kind IN ('question', 'remark', 'reply')),
    text TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1,
    client_key TEXT NULL,
    deleted_at TEXT NULL,
    created_by_user_id INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_by_user_id INTEGER NOT NULL REFERENCES users (id),
    updated_at TEXT NOT NULL,
    UNIQUE (presentation_id, client_key)
);
CREATE INDEX ix_statements_presentation ON statements (presentation_id, position);
