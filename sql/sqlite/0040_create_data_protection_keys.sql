-- The keys that sign cookies, RSVP links and report links, kept in the database on PostgreSQL so that every app node
-- shares them. The table exists on SQLite too (same numbers, same meaning); a single SQLite node keeps using
-- DataProtection:KeysPath unless DataProtection:Store is Database.
CREATE TABLE data_protection_keys (
    id INTEGER PRIMARY KEY,
    friendly_name TEXT NOT NULL UNIQUE,
    xml TEXT NOT NULL,
    created_at TEXT NOT NULL
);
