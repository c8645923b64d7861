-- The number of tokens created, and last updated, on each UTC calendar day, kept exact by statement-level triggers.
-- The date filters are whole UTC days, so the count of a list filtered by creation dates alone (or by update dates
-- alone) is a sum over at most one row per day, instead of a count of every matching index entry (S3 in bench/).
CREATE TABLE IF NOT EXISTS auth_token_days (
    day     DATE   PRIMARY KEY,
    created BIGINT NOT NULL,
    updated BIGINT NOT NULL
);

INSERT INTO auth_token_days (day, created, updated)
SELECT day, sum(created), sum(updated)
FROM (SELECT (created_at AT TIME ZONE 'UTC')::date AS day, 1 AS created, 0 AS updated FROM auth_tokens
      UNION ALL
      SELECT (updated_at AT TIME ZONE 'UTC')::date, 0, 1 FROM auth_tokens) c
GROUP BY day
ON CONFLICT (day) DO UPDATE SET created = excluded.created, updated = excluded.updated;

-- Each statement adds its net change per day (a deleted token's days always have their row already); days are written
-- in date order, so two statements touching the same days lock them in the same order. An update that changes no
-- token's days writes nothing.
CREATE OR REPLACE FUNCTION auth_token_days_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO auth_token_days AS d (day, created, updated)
        SELECT day, sum(created), sum(updated)
        FROM (SELECT (created_at AT TIME ZONE 'UTC')::date AS day, 1 AS created, 0 AS updated FROM new_tokens
              UNION ALL
              SELECT (updated_at AT TIME ZONE 'UTC')::date, 0, 1 FROM new_tokens) c
        GROUP BY day ORDER BY day
        ON CONFLICT (day) DO UPDATE SET created = d.created + excluded.created, updated = d.updated + excluded.updated;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO auth_token_days AS d (day, created, updated)
        SELECT day, sum(created), sum(updated)
        FROM (SELECT (created_at AT TIME ZONE 'UTC')::date AS day, -1 AS created, 0 AS updated FROM old_tokens
              UNION ALL
              SELECT (updated_at AT TIME ZONE 'UTC')::date, 0, -1 FROM old_tokens) c
        GROUP BY day ORDER BY day
        ON CONFLICT (day) DO UPDATE SET created = d.created + excluded.created, updated = d.updated + excluded.updated;
    ELSE
        INSERT INTO auth_token_days AS d (day, created, updated)
        SELECT day, sum(created), sum(updated)
        FROM (SELECT (created_at AT TIME ZONE 'UTC')::date AS day, 1 AS created, 0 AS updated FROM new_tokens
              UNION ALL
              SELECT (updated_at AT TIME ZONE 'UTC')::date, 0, 1 FROM new_tokens
              UNION ALL
              SELECT (created_at AT TIME ZONE 'UTC')::date, -1, 0 FROM old_tokens
              UNION ALL
              SELECT (updated_at AT TIME ZONE 'UTC')::date, 0, -1 FROM old_tokens) c
        GROUP BY day HAVING sum(created) <> 0 OR sum(updated) <> 0 ORDER BY day
        ON CONFLICT (day) DO UPDATE SET created = d.created + excluded.created, updated = d.updated + excluded.updated;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION auth_token_days_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM auth_token_days;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS auth_token_days_insert ON auth_tokens;
CREATE TRIGGER auth_token_days_insert AFTER INSERT ON auth_tokens
    REFERENCING NEW TABLE AS new_tokens FOR EACH STATEMENT EXECUTE FUNCTION auth_token_days_changed();
DROP TRIGGER IF EXISTS auth_token_days_update ON auth_tokens;
CREATE TRIGGER auth_token_days_update AFTER UPDATE ON auth_tokens
    REFERENCING OLD TABLE AS old_tokens NEW TABLE AS new_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION auth_token_days_changed();
DROP TRIGGER IF EXISTS auth_token_days_delete ON auth_tokens;
CREATE TRIGGER auth_token_days_delete AFTER DELETE ON auth_tokens
    REFERENCING OLD TABLE AS old_tokens FOR EACH STATEMENT EXECUTE FUNCTION auth_token_days_changed();
DROP TRIGGER IF EXISTS auth_token_days_truncate ON auth_tokens;
CREATE TRIGGER auth_token_days_truncate AFTER TRUNCATE ON auth_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION auth_token_days_truncated();

-- V3 kept a user's row in token_owner_search with two functions, the insert one repeating the update one's last
-- statement; one function now serves both triggers.
CREATE OR REPLACE FUNCTION token_owner_search_users_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM token_owner_search s
        WHERE s.user_id IN (SELECT id FROM old_users EXCEPT SELECT id FROM new_users);
        UPDATE token_owner_search s
        SET username = upper(n.username::text), mobile_number = upper(n.mobile_number::text),
            first_name = upper(n.first_name::text), last_name = upper(n.last_name::text)
        FROM new_users n
        WHERE s.user_id = n.id
          AND (s.username, s.mobile_number, s.first_name, s.last_name) IS DISTINCT FROM
              (upper(n.username::text), upper(n.mobile_number::text), upper(n.first_name::text),
               upper(n.last_name::text));
    END IF;
    INSERT INTO token_owner_search (user_id, username, mobile_number, first_name, last_name, tokens)
    SELECT n.id, upper(n.username::text), upper(n.mobile_number::text), upper(n.first_name::text),
           upper(n.last_name::text), (SELECT count(*) FROM auth_tokens t WHERE t.user_id = n.id)
    FROM new_users n
    WHERE NOT EXISTS (SELECT 1 FROM token_owner_search s WHERE s.user_id = n.id);
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS token_owner_search_users_insert ON users;
CREATE TRIGGER token_owner_search_users_insert AFTER INSERT ON users
    REFERENCING NEW TABLE AS new_users FOR EACH STATEMENT EXECUTE FUNCTION token_owner_search_users_changed();
DROP TRIGGER IF EXISTS token_owner_search_users_update ON users;
CREATE TRIGGER token_owner_search_users_update AFTER UPDATE ON users
    REFERENCING OLD TABLE AS old_users NEW TABLE AS new_users
    FOR EACH STATEMENT EXECUTE FUNCTION token_owner_search_users_changed();
DROP FUNCTION IF EXISTS token_owner_search_users_inserted();
DROP FUNCTION IF EXISTS token_owner_search_users_updated();

-- The trigram indexes take each write into the index itself instead of a pending list. With the pending list (GIN's
-- default), a search reads every entry written since the last vacuum one by one: after the soak's 6,000 writes
-- (4,191 pending entries), S6 fell from 53 to 21 requests/s in pgbench and S2 from 89 to 71. Writes to tokens are
-- rare next to reads here, so they pay instead.
ALTER INDEX auth_tokens_id_text_trgm_idx SET (fastupdate = off);
ALTER INDEX auth_tokens_key_trgm_idx SET (fastupdate = off);
ALTER INDEX token_owner_search_trgm_idx SET (fastupdate = off);
SELECT gin_clean_pending_list('auth_tokens_id_text_trgm_idx');
SELECT gin_clean_pending_list('auth_tokens_key_trgm_idx');
SELECT gin_clean_pending_list('token_owner_search_trgm_idx');
