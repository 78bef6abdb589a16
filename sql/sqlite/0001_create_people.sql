CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    honorific TEXT NOT NULL DEFAULT '',
    full_name TEXT NOT NULL,
    name_in_print TEXT NOT NULL,
    surname TEXT NOT NULL,
    sort_name TEXT NOT NULL,
    short_names TEXT NOT NULL DEFAULT '',
    position TEXT NOT NULL DEFAULT '',
    affiliation TEXT NOT NULL DEFAULT '',
    email TEXT NULL,
    email_normalized TEXT NULL UNIQUE,
    phone TEXT NOT NULL DEFAULT '',
    biography TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX ix_people_sort_name ON people (sort_name);
