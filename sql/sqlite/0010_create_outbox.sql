-- Every mail the application sends goes through a mailing and its outbox rows. The rows, not Hangfire's
-- storage, are the truth about what has been sent.
CREATE TABLE mailings (
    id INTEGER PRIMARY KEY,
    roundtable_id INTEGER NULL REFERENCES roundtables (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    -- Makes creating a mailing idempotent ("reminder:12:3", "report:edition:5"): a second attempt finds the first.
    dedup_key TEXT NULL UNIQUE,
    created_by_user_id INTEGER NULL REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX ix_mailings_roundtable ON mailings (roundtable_id, created_at);

-- Attachments shared by every recipient of a mailing (a report PDF): stored once, attached at send time.
CREATE TABLE mailing_attachments (
    id INTEGER PRIMARY KEY,
    mailing_id INTEGER NOT NULL REFERENCES mailings (id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    content BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX ix_mailing_attachments_mailing ON mailing_attachments (mailing_id);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    mailing_id INTEGER NOT NULL REFERENCES mailings (id) ON DELETE CASCADE,
    -- One row per recipient and mailing ("participation:42"): enqueueing twice adds nobody twice.
    recipient_key TEXT NOT NULL,
    person_id INTEGER NULL REFERENCES people (id) ON DELETE SET NULL,
    participation_id INTEGER NULL REFERENCES participations (id) ON DELETE SET NULL,
    recipient_name TEXT NOT NULL,
    address TEXT NOT NULL,
    template TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    calendar TEXT NULL,
    message_id TEXT NOT NULL UNIQUE,
    resends INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'sending', 'sent', 'retrying', 'failed', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    claim_token TEXT NULL,
    claimed_until TEXT NULL,
    last_smtp_code INTEGER NULL,
    last_smtp_text TEXT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sent_at TEXT NULL,
    UNIQUE (mailing_id, recipient_key)
);
CREATE INDEX ix_outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX ix_outbox_mailing_status ON outbox (mailing_id, status);

-- People a mailing could not reach (no email address), with the reason shown on the mailing page.
CREATE TABLE mailing_skips (
    mailing_id INTEGER NOT NULL REFERENCES mailings (id) ON DELETE CASCADE,
    recipient_key TEXT NOT NULL,
    recipient_name TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (mailing_id, recipient_key)
);
