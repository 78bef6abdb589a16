-- One row, written once when the database is created: a random id that tells this installation's mail apart from
-- every other's. Message-IDs carry it, so two installations (or this one started again on a new database) never
-- send different messages under the same Message-ID although their row ids coincide.
CREATE TABLE installation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    installation_id TEXT NOT NULL
);
INSERT INTO installation (id, installation_id) VALUES (1, lower(hex(randomblob(16))));
