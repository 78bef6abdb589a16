-- A message changes status twice on its way out (claimed, then sent), and every index that holds the status was
-- rewritten both times: nine index writes a message, most of the outbox's cost. These indexes hold only the rows
-- that are waiting or being sent, so a claim takes a row out of one and puts it in the other, and recording it as
-- sent takes it out again; a sent row is in neither.
DROP INDEX ix_outbox_due;
DROP INDEX ix_outbox_mailing_status;
DROP INDEX ix_outbox_claimable;
-- The claim and the sweeper: a mailing's rows that wait, earliest due first.
CREATE INDEX ix_outbox_waiting ON outbox (mailing_id, next_attempt_at, id) WHERE status IN ('queued', 'retrying');
-- The rows being sent: a lease to renew (by its token) or one that ran out (by when).
CREATE INDEX ix_outbox_sending ON outbox (claim_token, claimed_until) WHERE status = 'sending';
