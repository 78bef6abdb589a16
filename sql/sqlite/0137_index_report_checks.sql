-- Partial indexes for the report page of a roundtable of thousands (README, "Page benchmark"): its leak check reads
-- the few participants who may not be named or have an audience phrase, and the biographies printed in the report.
-- Without them each read went through every participation of the roundtable (2,000 rows for 200 or 100).
CREATE INDEX ix_participations_leak_check ON participations (roundtable_id) WHERE may_be_named = FALSE OR audience_phrase <> '';

CREATE INDEX ix_participations_biography_in_report ON participations (roundtable_id) WHERE biography_in_report = TRUE;
