-- The leak hits an organizer let stand (with their reasons) when an edition was assembled, kept with the edition so
-- the mail-out page shows what was let through in exactly what is mailed. NULL: assembled before this was recorded.
ALTER TABLE report_editions ADD COLUMN overridden_hits TEXT NULL;
