-- The institution's branding, set once for the installation by an administrator: its name, colour and logo, printed on
-- the report's cover (when cover is on) and in the mails' header. One row.
CREATE TABLE branding (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    institution_name TEXT NOT NULL DEFAULT '',
    colour TEXT NOT NULL DEFAULT '#1f4e79',
    logo BLOB NULL,
    logo_type TEXT NULL,
    cover INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NULL,
    updated_by_user_id INTEGER NULL REFERENCES users (id)
);
INSERT INTO branding (id) VALUES (1);
