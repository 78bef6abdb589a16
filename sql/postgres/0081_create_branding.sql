-- The institution's branding, set once for the installation by an administrator: its name, colour and logo, printed on
-- the report's cover (when cover is on) and in the mails' header. One row.
CREATE TABLE branding (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    institution_name text NOT NULL DEFAULT '',
    colour text NOT NULL DEFAULT '#1f4e79',
    logo bytea NULL,
    logo_type text NULL,
    cover boolean NOT NULL DEFAULT FALSE,
    updated_at timestamptz NULL,
    updated_by_user_id BIGINT NULL REFERENCES users (id)
);
INSERT INTO branding (id) VALUES (1);
