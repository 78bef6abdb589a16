-- The report's own texts, one row per roundtable (created on first save).
CREATE TABLE reports (
    roundtable_id INTEGER PRIMARY KEY REFERENCES roundtables (id) ON DELETE CASCADE,
    report_number TEXT NOT NULL DEFAULT '',
    report_date TEXT NOT NULL DEFAULT '',
    distribution_statement TEXT NOT NULL DEFAULT '',
    performing_organization TEXT NOT NULL DEFAULT '',
    performing_address TEXT NOT NULL DEFAULT '',
    subject_terms TEXT NOT NULL DEFAULT '',
    abstract TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    subtitle TEXT NOT NULL DEFAULT '',
    disclaimer TEXT NOT NULL DEFAULT '',
    comments_instructions TEXT NOT NULL DEFAULT '',
    foreword TEXT NOT NULL DEFAULT '',
    foreword_signer_participation_id INTEGER NULL REFERENCES participations (id) ON DELETE SET NULL,
    foreword_signer_title TEXT NOT NULL DEFAULT '',
    conference_summary TEXT NOT NULL DEFAULT '',
    policy_implications TEXT NOT NULL DEFAULT '',
    recommendations TEXT NOT NULL DEFAULT '',
    published_edition_id INTEGER NULL,
    updated_at TEXT NOT NULL,
    updated_by_user_id INTEGER NULL REFERENCES users (id)
);

-- "Where should we go from here?": the open questions, kept as records so a follow-up roundtable can take them as its agenda.
CREATE TABLE open_questions (
    id INTEGER PRIMARY KEY,
    roundtable_id INTEGER NOT NULL REFERENCES roundtables (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX ix_open_questions_roundtable ON open_questions (roundtable_id, position);

-- An edition is immutable once written: what was published or mailed can be shown again exactly.
CREATE TABLE report_editions (
    id INTEGER PRIMARY KEY,
    roundtable_id INTEGER NOT NULL REFERENCES roundtables (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    created_by_user_id INTEGER NOT NULL REFERENCES users (id),
    created_by_name TEXT NOT NULL,
    html TEXT NOT NULL,
    text_content TEXT NOT NULL,
    pdf BLOB NULL,
    sources TEXT NOT NULL,
    warnings TEXT NOT NULL,
    leak_hits TEXT NOT NULL,
    publish_at TEXT NULL,
    published_by_user_id INTEGER NULL REFERENCES users (id),
    override_reason TEXT NULL,
    UNIQUE (roundtable_id, number)
);
