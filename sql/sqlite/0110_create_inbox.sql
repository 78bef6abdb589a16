-- The reply mailbox (Mail:Inbox). One row per message read from it, written in the same transaction as what the
-- message changed (an RSVP answer, a bounce), so a message is applied once however often the job runs or crashes;
-- the job moves it out of the folder afterwards and moves again what a crash left behind.
CREATE TABLE inbox_messages (
    id INTEGER PRIMARY KEY,
    folder TEXT NOT NULL,
    uid_validity INTEGER NOT NULL,
    uid INTEGER NOT NULL,
    message_id TEXT NULL,
    from_address TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '',
    -- calendar_reply, bounce, message (a person writing back) or unrecognized
    kind TEXT NOT NULL,
    outcome TEXT NOT NULL,
    roundtable_id INTEGER NULL REFERENCES roundtables (id) ON DELETE SET NULL,
    participation_id INTEGER NULL REFERENCES participations (id) ON DELETE SET NULL,
    person_id INTEGER NULL REFERENCES people (id) ON DELETE SET NULL,
    excerpt TEXT NOT NULL DEFAULT '',
    received_at TEXT NOT NULL,
    processed_at TEXT NOT NULL,
    moved_to TEXT NULL,
    UNIQUE (folder, uid_validity, uid)
);
CREATE INDEX ix_inbox_messages_roundtable ON inbox_messages (roundtable_id, kind, received_at);

-- How the last reading of the mailbox went, for the status page.
CREATE TABLE inbox_status (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_attempt_at TEXT NULL,
    last_success_at TEXT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NULL
);

-- Where an answer came from: the RSVP page or a calendar's Accept/Decline, and the SEQUENCE a calendar answered.
ALTER TABLE rsvp_responses ADD COLUMN source TEXT NOT NULL DEFAULT 'rsvp page';
ALTER TABLE rsvp_responses ADD COLUMN calendar_sequence INTEGER NULL;
ALTER TABLE rsvp_responses ADD COLUMN delegated_to TEXT NULL;

-- A message the relay accepted and a receiving server bounced later (a DSN to the return path).
CREATE TABLE delivery_bounces (
    outbox_id INTEGER NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    recipient TEXT NOT NULL,
    status TEXT NOT NULL,
    hard INTEGER NOT NULL,
    diagnostic TEXT NOT NULL DEFAULT '',
    bounced_at TEXT NOT NULL,
    PRIMARY KEY (outbox_id, recipient, status)
);

-- A person's address that bounced for good: no reminders or later mailings go to it until it is changed.
ALTER TABLE people ADD COLUMN email_bounced_at TEXT NULL;
ALTER TABLE people ADD COLUMN email_bounce_reason TEXT NULL;
-- A person who declined report mail (one click from a report mailing): no further report mail from this installation.
ALTER TABLE people ADD COLUMN report_mail_declined_at TEXT NULL;

-- The one-click unsubscribe link a report message carries (List-Unsubscribe), set when the row is queued.
ALTER TABLE outbox ADD COLUMN list_unsubscribe TEXT NULL;
