-- The invitee's own answer and comment; participations.invitation_status carries the answer too.
CREATE TABLE rsvp_responses (
    participation_id INTEGER PRIMARY KEY REFERENCES participations (id) ON DELETE CASCADE,
    answer TEXT NOT NULL CHECK (answer IN ('accepted', 'declined', 'tentative')),
    comment TEXT NOT NULL DEFAULT '',
    changes INTEGER NOT NULL DEFAULT 0,
    answered_at TEXT NOT NULL
);

-- The calendar event as last mailed: SEQUENCE rises when date, time or venue change.
CREATE TABLE calendar_events (
    roundtable_id INTEGER PRIMARY KEY REFERENCES roundtables (id) ON DELETE CASCADE,
    sequence INTEGER NOT NULL DEFAULT 0,
    fingerprint TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- An organizer's version of a default template (templates/email/NAME.*.liquid) for one roundtable.
CREATE TABLE email_templates (
    roundtable_id INTEGER NOT NULL REFERENCES roundtables (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (roundtable_id, name)
);

-- Reminders are off unless an organizer sets how many days before the roundtable to send them.
CREATE TABLE invitation_settings (
    roundtable_id INTEGER PRIMARY KEY REFERENCES roundtables (id) ON DELETE CASCADE,
    reminder_days_before INTEGER NULL CHECK (reminder_days_before IS NULL OR reminder_days_before BETWEEN 1 AND 60),
    updated_at TEXT NOT NULL
);
