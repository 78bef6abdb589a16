CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    email_normalized TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('organizer', 'rapporteur')),
    password_hash TEXT NOT NULL,
    person_id INTEGER NULL REFERENCES people (id) ON DELETE SET NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT NULL,
    security_stamp TEXT NOT NULL,
    created_at TEXT NOT NULL
);
