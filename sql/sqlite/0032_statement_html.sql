-- Each statement's text rendered (Markdown, sanitized) when it is written, so a report of tens of thousands of
-- statements only puts labels in front of stored HTML. NULL for statements written before this column: rendered then.
ALTER TABLE statements ADD COLUMN html TEXT NULL;
