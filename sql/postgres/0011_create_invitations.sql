-- The invitee's own answer and comment; participations.invitation_status carries the answer too.
CREATE TABLE rsvp_responses (
    participation_id bigint PRIMARY KEY REFERENCES participations (id) ON DELETE CASCADE,
    answer text NOT NULL CHECK (answer IN ('accepted', 'declined', 'tentative')),
    comment text NOT NULL DEFAULT '',
    changes integer NOT NULL DEFAULT 0,
    answered_at timestamptz NOT NULL
);

-- The calendar event as last mailed: SEQUENCE rises when date, time or venue change.
CREATE TABLE calendar_events (
    roundtable_id bigint PRIMARY KEY REFERENCES roundtables (id) ON DELETE CASCADE,
    sequence integer NOT NULL DEFAULT 0,
    fingerprint text NOT NULL,
    updated_at timestamptz NOT NULL
);

-- An organizer's version of a default template (templates/email/NAME.*.liquid) for one roundtable.
CREATE TABLE email_templates (
    roundtable_id bigint NOT NULL REFERENCES roundtables (id) ON DELETE CASCADE,
    name text NOT NULL,
    subject text NOT NULL,
    text_body text NOT NULL,
    html_body text NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (roundtable_id, name)
);

-- Reminders are off unless an organizer sets how many days before the roundtable to send them.
CREATE TABLE invitation_settings (
    roundtable_id bigint PRIMARY KEY REFERENCES roundtables (id) ON DELETE CASCADE,
    reminder_days_before integer NULL CHECK (reminder_days_before IS NULL OR reminder_days_before BETWEEN 1 AND 60),
    updated_at timestamptz NOT NULL
);
