CREATE TABLE roundtables (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    subtitle TEXT NOT NULL DEFAULT '',
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    start_time TEXT NOT NULL,
    end_time TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    venue TEXT NOT NULL DEFAULT '',
    host_organization TEXT NOT NULL DEFAULT '',
    sponsoring_program TEXT NOT NULL DEFAULT '',
    purpose TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'planning'
        CHECK (status IN ('planning', 'invitations_out', 'held', 'proceedings', 'report_published')),
    created_by_user_id INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX ix_roundtables_start_date ON roundtables (start_date);

CREATE TABLE participations (
    id INTEGER PRIMARY KEY,
    roundtable_id INTEGER NOT NULL REFERENCES roundtables (id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people (id),
    may_be_named INTEGER NOT NULL DEFAULT 0,
    biography_in_report INTEGER NOT NULL DEFAULT 0,
    attended INTEGER NOT NULL DEFAULT 0,
    invitation_status TEXT NOT NULL DEFAULT 'not_invited'
        CHECK (invitation_status IN ('not_invited', 'invited', 'accepted', 'declined', 'tentative', 'no_answer')),
    created_at TEXT NOT NULL,
    UNIQUE (roundtable_id, person_id)
);

CREATE TABLE participation_roles (
    participation_id INTEGER NOT NULL REFERENCES participations (id) ON DELETE CASCADE,
    role TEXT NOT NULL
        CHECK (role IN ('organizer', 'director', 'keynote', 'presenter', 'rapporteur', 'participant', 'observer')),
    PRIMARY KEY (participation_id, role)
);
