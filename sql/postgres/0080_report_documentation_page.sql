-- Where the report documentation page prints: 'before' the title page (as archives file it; the old order and the
-- default), at the 'end', or 'omit'ted.
ALTER TABLE reports ADD COLUMN documentation_page text NOT NULL DEFAULT 'before';
