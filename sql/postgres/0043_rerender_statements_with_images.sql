-- Statements stored before the sanitizer dropped images from other addresses may hold <img src="http://...">, which the
-- report would print as it is. NULL makes the report render them again from their text, through today's sanitizer.
UPDATE statements SET html = NULL WHERE html LIKE '%<img%';
