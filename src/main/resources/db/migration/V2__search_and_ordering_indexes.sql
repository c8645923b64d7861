-- Indexes that answer every filter, search and ordering of the list from an index (measured in bench/, see README).

-- Search: each term is a case-insensitive substring match, written as upper(col::text) LIKE upper('%term%').
-- Trigram indexes on exactly those expressions answer it for terms of three characters or more.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS auth_tokens_id_text_trgm_idx ON auth_tokens USING gin (upper(id::text) gin_trgm_ops);
CREATE INDEX IF NOT EXISTS auth_tokens_key_trgm_idx ON auth_tokens USING gin (upper(key::text) gin_trgm_ops);
CREATE INDEX IF NOT EXISTS users_username_trgm_idx ON users USING gin (upper(username::text) gin_trgm_ops);
CREATE INDEX IF NOT EXISTS users_mobile_number_trgm_idx ON users USING gin (upper(mobile_number::text) gin_trgm_ops);
CREATE INDEX IF NOT EXISTS users_first_name_trgm_idx ON users USING gin (upper(first_name::text) gin_trgm_ops);
CREATE INDEX IF NOT EXISTS users_last_name_trgm_idx ON users USING gin (upper(last_name::text) gin_trgm_ops);

-- Orderings and date filters: each ordering column with the id tie-breaker, so pages and counts can be read from
-- the index alone (index-only scans).
CREATE INDEX IF NOT EXISTS auth_tokens_created_at_id_idx ON auth_tokens (created_at, id);
CREATE INDEX IF NOT EXISTS auth_tokens_updated_at_id_idx ON auth_tokens (updated_at, id);
CREATE INDEX IF NOT EXISTS auth_tokens_user_id_id_idx ON auth_tokens (user_id, id);

-- The exact number of tokens, kept by statement-level triggers, so the unfiltered count costs one row read.
CREATE TABLE IF NOT EXISTS auth_token_count (
    singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    tokens    BIGINT  NOT NULL
);
INSERT INTO auth_token_count (singleton, tokens) SELECT TRUE, count(*) FROM auth_tokens
ON CONFLICT (singleton) DO UPDATE SET tokens = excluded.tokens;

CREATE OR REPLACE FUNCTION auth_token_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE auth_token_count SET tokens = tokens + (SELECT count(*) FROM inserted_rows);
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION auth_token_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE auth_token_count SET tokens = tokens - (SELECT count(*) FROM deleted_rows);
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION auth_token_count_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE auth_token_count SET tokens = 0;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS auth_token_count_insert ON auth_tokens;
CREATE TRIGGER auth_token_count_insert AFTER INSERT ON auth_tokens
    REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION auth_token_count_inserted();
DROP TRIGGER IF EXISTS auth_token_count_delete ON auth_tokens;
CREATE TRIGGER auth_token_count_delete AFTER DELETE ON auth_tokens
    REFERENCING OLD TABLE AS deleted_rows FOR EACH STATEMENT EXECUTE FUNCTION auth_token_count_deleted();
DROP TRIGGER IF EXISTS auth_token_count_truncate ON auth_tokens;
CREATE TRIGGER auth_token_count_truncate AFTER TRUNCATE ON auth_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION auth_token_count_truncated();
