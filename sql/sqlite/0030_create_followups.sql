-- A follow-up roundtable is a reconstituted version of an earlier one ("Reconvene").
ALTER TABLE roundtables ADD COLUMN parent_roundtable_id INTEGER NULL REFERENCES roundtables (id) ON DELETE SET NULL;
CREATE INDEX ix_roundtables_parent ON roundtables (parent_roundtable_id);

-- The report edition a mailing carries (report mailings only): who received which edition is outbox row -> mailing -> edition.
ALTER TABLE mailings ADD COLUMN edition_id INTEGER NULL REFERENCES report_editions (id) ON DELETE SET NULL;

-- One mail-out after a roundtable: publish an edition, mail the report, invite to the follow-up. The columns are the
-- job's resume points; followup_steps is the log of what each attempt did.
-- status: draft (being prepared), scheduled (run_at), running, stopped (needs the organizer: problem says why),
-- done (both mailings created; delivery goes on in the outbox), cancelled.
CREATE TABLE followup_runs (
    id INTEGER PRIMARY KEY,
    roundtable_id INTEGER NOT NULL REFERENCES roundtables (id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'scheduled', 'running', 'stopped', 'done', 'cancelled')),
    -- NULL: assemble a new edition from the current texts when the run starts.
    chosen_edition_id INTEGER NULL REFERENCES report_editions (id) ON DELETE SET NULL,
    override_reason TEXT NULL,
    follow_up_roundtable_id INTEGER NULL REFERENCES roundtables (id) ON DELETE SET NULL,
    run_at TEXT NULL,
    edition_id INTEGER NULL REFERENCES report_editions (id) ON DELETE SET NULL,
    published_at TEXT NULL,
    report_mailing_id INTEGER NULL REFERENCES mailings (id) ON DELETE SET NULL,
    -- The last participation put in the report mailing: a resumed run continues after it.
    report_cursor INTEGER NOT NULL DEFAULT 0,
    report_queued_at TEXT NULL,
    invitation_mailing_id INTEGER NULL REFERENCES mailings (id) ON DELETE SET NULL,
    invitations_done_at TEXT NULL,
    problem TEXT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    lease_token TEXT NULL,
    lease_until TEXT NULL,
    created_by_user_id INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    started_at TEXT NULL,
    finished_at TEXT NULL
);
CREATE INDEX ix_followup_runs_roundtable ON followup_runs (roundtable_id, id);
CREATE INDEX ix_followup_runs_status ON followup_runs (status);

-- The organizer's ticks on the mail-out page, for the people shown there; anyone else gets the default (attended, or an organizer).
CREATE TABLE followup_recipients (
    run_id INTEGER NOT NULL REFERENCES followup_runs (id) ON DELETE CASCADE,
    participation_id INTEGER NOT NULL REFERENCES participations (id) ON DELETE CASCADE,
    included INTEGER NOT NULL,
    PRIMARY KEY (run_id, participation_id)
);

-- What each attempt of a run did, step by step: edition, publish, report, invitations; outcome done, refused or failed.
CREATE TABLE followup_steps (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES followup_runs (id) ON DELETE CASCADE,
    step TEXT NOT NULL,
    outcome TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX ix_followup_steps_run ON followup_steps (run_id, id);

-- The report mailing reads a roundtable's participants in pages of ids (memory stays flat however many there are).
CREATE INDEX ix_participations_roundtable_id ON participations (roundtable_id, id);
