-- Who may do what, after the account takeover finding: an administrator flag; who created each account; and who
-- vouched for the link between an account and a person in the directory.
--
-- A person's roles on a roundtable (organizer, rapporteur) reach the account linked to that person only where the
-- link is trusted: made by an administrator or the installation (person_vouched_by_user_id NULL), or made by the
-- organizer who created that roundtable. A plain organizer who links an account to a person therefore gives it
-- nothing on anyone else's roundtable, now or later.
ALTER TABLE users ADD COLUMN is_administrator INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN created_by_user_id INTEGER NULL REFERENCES users (id);
ALTER TABLE users ADD COLUMN person_vouched_by_user_id INTEGER NULL REFERENCES users (id);

-- Existing installations: the first account (made on /account/setup, or the demo's director) administers. Links made
-- before this script keep working (NULL: trusted); an administrator should review them on the Accounts page.
UPDATE users SET is_administrator = 1
WHERE id = (SELECT MIN(id) FROM users WHERE role = 'organizer');

-- The roles of each account on each roundtable, through its person, where the link counts there.
CREATE VIEW account_roles AS
SELECT u.id AS user_id, pa.roundtable_id, ro.role
FROM users u
JOIN participations pa ON pa.person_id = u.person_id
JOIN participation_roles ro ON ro.participation_id = pa.id
JOIN roundtables r ON r.id = pa.roundtable_id
WHERE u.person_vouched_by_user_id IS NULL OR u.person_vouched_by_user_id = r.created_by_user_id;

-- The roundtables each organizer account manages: those it created, and those its person organizes.
CREATE VIEW roundtable_managers AS
SELECT r.created_by_user_id AS user_id, r.id AS roundtable_id FROM roundtables r
UNION
SELECT a.user_id, a.roundtable_id FROM account_roles a JOIN users u ON u.id = a.user_id
WHERE a.role = 'organizer' AND u.role = 'organizer';
