-- A leak-check hit someone decided is not a leak, with the reason (this table is the log; rows are never deleted).
-- An override holds only for the exact text it was given for (text_hash): edit the text and it must be looked at again.
-- place: 'summary' or 'statement'; statement_id is set for statements.
CREATE TABLE leak_overrides (
    id INTEGER PRIMARY KEY,
    presentation_id INTEGER NOT NULL REFERENCES presentations (id) ON DELETE CASCADE,
    place TEXT NOT NULL CHECK (place IN ('summary', 'statement')),
    statement_id INTEGER NULL REFERENCES statements (id) ON DELETE CASCADE,
    term TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    reason TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX ix_leak_overrides_presentation ON leak_overrides (presentation_id);
