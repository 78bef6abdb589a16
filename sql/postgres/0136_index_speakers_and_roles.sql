-- Indexes a roundtable of thousands needs (README, "Page benchmark").
-- A person's statements across a roundtable: the workspace reads, for the first-mention rule, the other presentations'
-- statements by the people one presentation can name (without this it read every statement of the roundtable), and
-- removing a participant checks the statements that name them.
CREATE INDEX ix_statements_speaker ON statements (speaker_participation_id);

-- Who holds a role: the pickers of a large roundtable list those with a speaking role (a handful among thousands).
CREATE INDEX ix_participation_roles_role ON participation_roles (role, participation_id);
