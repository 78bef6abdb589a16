-- Roundtables brought in from another installation's roundtable archive: which installation and which of its ids, so
-- the same roundtable is not imported twice. Deleting the imported roundtable deletes its row (it may come in again).
CREATE TABLE roundtable_imports (
    id INTEGER PRIMARY KEY,
    source_installation_id TEXT NOT NULL,
    source_roundtable_id INTEGER NOT NULL,
    roundtable_id INTEGER NOT NULL REFERENCES roundtables (id) ON DELETE CASCADE,
    exported_at TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by_user_id INTEGER NULL REFERENCES users (id) ON DELETE SET NULL,
    UNIQUE (source_installation_id, source_roundtable_id)
);
