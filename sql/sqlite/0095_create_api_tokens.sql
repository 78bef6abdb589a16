-- Personal API tokens: a script sends one as "Authorization: Bearer <token>" and acts with its owner's rights as they
-- are at each request. Only the SHA-256 of the token is kept (the token itself is shown once); prefix is its first
-- characters, to tell tokens apart in the list. A token is refused once revoked_at is set or expires_at has passed.
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NULL,
    last_used_at TEXT NULL,
    revoked_at TEXT NULL
);
CREATE INDEX ix_api_tokens_user ON api_tokens (user_id, created_at);
