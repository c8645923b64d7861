-- The user side of the search, in one narrow table kept by triggers: each user's four searched fields, upper-cased
-- as the search compares them, under one trigram index, and the user's exact number of tokens.
-- A one-term search then counts the tokens of every matching user by summing this table (no token row is read),
-- and finds the page's tokens through the matching users' ids (measured in bench/, see README).
CREATE TABLE IF NOT EXISTS token_owner_search (
    user_id       BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE ON UPDATE CASCADE,
    username      TEXT   NOT NULL,
    mobile_number TEXT   NOT NULL,
    first_name    TEXT   NOT NULL,
    last_name     TEXT   NOT NULL,
    tokens        BIGINT NOT NULL
);

INSERT INTO token_owner_search (user_id, username, mobile_number, first_name, last_name, tokens)
SELECT u.id, upper(u.username::text), upper(u.mobile_number::text), upper(u.first_name::text),
       upper(u.last_name::text), coalesce(c.tokens, 0)
FROM users u LEFT JOIN (SELECT user_id, count(*) AS tokens FROM auth_tokens GROUP BY user_id) c ON c.user_id = u.id
ON CONFLICT (user_id) DO NOTHING;

CREATE INDEX IF NOT EXISTS token_owner_search_trgm_idx ON token_owner_search USING gin (
    username gin_trgm_ops, mobile_number gin_trgm_ops, first_name gin_trgm_ops, last_name gin_trgm_ops);

-- The user indexes of V2 served the same searches from users; this table's index replaces them.
DROP INDEX IF EXISTS users_username_trgm_idx;
DROP INDEX IF EXISTS users_mobile_number_trgm_idx;
DROP INDEX IF EXISTS users_first_name_trgm_idx;
DROP INDEX IF EXISTS users_last_name_trgm_idx;

-- Users: a new user's row is added; an updated user's searched fields are rewritten in place (its token count is
-- left to the token triggers, so a token written at the same time is never lost); a deleted user's row goes by the
-- foreign key's cascade, as does a changed id (which only a user without tokens can have: their foreign key forbids it).
CREATE OR REPLACE FUNCTION token_owner_search_users_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO token_owner_search (user_id, username, mobile_number, first_name, last_name, tokens)
    SELECT n.id, upper(n.username::text), upper(n.mobile_number::text), upper(n.first_name::text),
           upper(n.last_name::text), (SELECT count(*) FROM auth_tokens t WHERE t.user_id = n.id)
    FROM new_users n;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION token_owner_search_users_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM token_owner_search s
    WHERE s.user_id IN (SELECT id FROM old_users EXCEPT SELECT id FROM new_users);
    UPDATE token_owner_search s
    SET username = upper(n.username::text), mobile_number = upper(n.mobile_number::text),
        first_name = upper(n.first_name::text), last_name = upper(n.last_name::text)
    FROM new_users n
    WHERE s.user_id = n.id
      AND (s.username, s.mobile_number, s.first_name, s.last_name) IS DISTINCT FROM
          (upper(n.username::text), upper(n.mobile_number::text), upper(n.first_name::text), upper(n.last_name::text));
    INSERT INTO token_owner_search (user_id, username, mobile_number, first_name, last_name, tokens)
    SELECT n.id, upper(n.username::text), upper(n.mobile_number::text), upper(n.first_name::text),
           upper(n.last_name::text), (SELECT count(*) FROM auth_tokens t WHERE t.user_id = n.id)
    FROM new_users n
    WHERE NOT EXISTS (SELECT 1 FROM token_owner_search s WHERE s.user_id = n.id);
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS token_owner_search_users_insert ON users;
CREATE TRIGGER token_owner_search_users_insert AFTER INSERT ON users
    REFERENCING NEW TABLE AS new_users FOR EACH STATEMENT EXECUTE FUNCTION token_owner_search_users_inserted();
DROP TRIGGER IF EXISTS token_owner_search_users_update ON users;
CREATE TRIGGER token_owner_search_users_update AFTER UPDATE ON users
    REFERENCING OLD TABLE AS old_users NEW TABLE AS new_users
    FOR EACH STATEMENT EXECUTE FUNCTION token_owner_search_users_updated();

-- Tokens: each statement adds its net change per user (nothing is written when no token changed its user).
CREATE OR REPLACE FUNCTION token_owner_search_tokens_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE token_owner_search s SET tokens = s.tokens + d.change
        FROM (SELECT user_id, count(*) AS change FROM new_tokens GROUP BY user_id) d WHERE s.user_id = d.user_id;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE token_owner_search s SET tokens = s.tokens - d.change
        FROM (SELECT user_id, count(*) AS change FROM old_tokens GROUP BY user_id) d WHERE s.user_id = d.user_id;
    ELSE
        UPDATE token_owner_search s SET tokens = s.tokens + d.change
        FROM (SELECT user_id, sum(change) AS change
              FROM (SELECT user_id, 1 AS change FROM new_tokens UNION ALL SELECT user_id, -1 FROM old_tokens) c
              GROUP BY user_id HAVING sum(change) <> 0) d
        WHERE s.user_id = d.user_id;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION token_owner_search_tokens_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE token_owner_search SET tokens = 0 WHERE tokens <> 0;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS token_owner_search_tokens_insert ON auth_tokens;
CREATE TRIGGER token_owner_search_tokens_insert AFTER INSERT ON auth_tokens
    REFERENCING NEW TABLE AS new_tokens FOR EACH STATEMENT EXECUTE FUNCTION token_owner_search_tokens_changed();
DROP TRIGGER IF EXISTS token_owner_search_tokens_update ON auth_tokens;
CREATE TRIGGER token_owner_search_tokens_update AFTER UPDATE ON auth_tokens
    REFERENCING OLD TABLE AS old_tokens NEW TABLE AS new_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION token_owner_search_tokens_changed();
DROP TRIGGER IF EXISTS token_owner_search_tokens_delete ON auth_tokens;
CREATE TRIGGER token_owner_search_tokens_delete AFTER DELETE ON auth_tokens
    REFERENCING OLD TABLE AS old_tokens FOR EACH STATEMENT EXECUTE FUNCTION token_owner_search_tokens_changed();
DROP TRIGGER IF EXISTS token_owner_search_tokens_truncate ON auth_tokens;
CREATE TRIGGER token_owner_search_tokens_truncate AFTER TRUNCATE ON auth_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION token_owner_search_tokens_truncated();
