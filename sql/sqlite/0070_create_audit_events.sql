-- Security-relevant events, who did what and when: sign-ins and their failures, lockouts, account changes, leak
-- overrides, publications and mail-outs. Rows are only ever added. roundtable_id is set for events about one roundtable.
CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    user_id INTEGER NULL REFERENCES users (id) ON DELETE SET NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    roundtable_id INTEGER NULL REFERENCES roundtables (id) ON DELETE SET NULL,
    detail TEXT NOT NULL
);
CREATE INDEX ix_audit_events_created ON audit_events (created_at);
CREATE INDEX ix_audit_events_roundtable ON audit_events (roundtable_id, created_at);
