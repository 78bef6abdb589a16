-- Whether a participant's invitation actually went out (the invitations page, reminders) is read per participation.
-- The index is written when a row is queued; claiming and recording never change participation_id.
CREATE INDEX ix_outbox_participation ON outbox (participation_id);
