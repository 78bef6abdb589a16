-- A message's content apart from its outbox row. The row is rewritten at every claim, renewal and record; carrying
-- kilobytes of bodies made SQLite copy them each time. New messages keep their body as it goes on the wire
-- (serialized MIME, CRLF, 7-bit: content_type is its Content-Type with the boundary), so every attempt and every
-- resend sends the same bytes and nothing is rendered again at send time. Rows queued before this version keep the
-- texts they were rendered with (text_body, html_body, calendar) and are built from them.
CREATE TABLE outbox_content (
    outbox_id bigint PRIMARY KEY REFERENCES outbox (id) ON DELETE CASCADE,
    content_type text NULL,
    wire bytea NULL,
    text_body text NULL,
    html_body text NULL,
    calendar text NULL,
    CHECK ((wire IS NOT NULL AND content_type IS NOT NULL) OR (text_body IS NOT NULL AND html_body IS NOT NULL))
);
INSERT INTO outbox_content (outbox_id, text_body, html_body, calendar)
SELECT id, text_body, html_body, calendar FROM outbox;
ALTER TABLE outbox DROP COLUMN text_body;
ALTER TABLE outbox DROP COLUMN html_body;
ALTER TABLE outbox DROP COLUMN calendar;
