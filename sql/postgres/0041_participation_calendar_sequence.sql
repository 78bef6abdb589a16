-- The SEQUENCE of the calendar event last mailed to each invitee. calendar_events holds the latest one; an invitee
-- whose number is lower still has old details in their calendar, even when later invitations went out with the new
-- ones, and is offered the update. Invitees mailed before this column existed are taken to hold the latest.
ALTER TABLE participations ADD COLUMN calendar_sequence INTEGER NULL;
UPDATE participations SET calendar_sequence = (SELECT c.sequence FROM calendar_events c WHERE c.roundtable_id = participations.roundtable_id)
WHERE invitation_status <> 'not_invited';
