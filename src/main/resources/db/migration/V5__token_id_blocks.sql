-- The number of tokens in each block of 1024 consecutive ids (block = id >> 10), and of the tokens of each block of
-- 1024 consecutive user ids (user_id >> 10), kept exact by statement-level triggers. With them, a deep offset page in
-- id or user order skips whole blocks: a running sum over about a thousand rows finds the block holding the page's
-- first row, and only that block's rows are walked (S4 in bench/). V4's per-day counts do the same for the two
-- timestamps. (token_owner_search's per-user counts could serve the user order too, but a running sum over 200,000
-- users took 440 ms.)
CREATE TABLE IF NOT EXISTS auth_token_id_blocks (
    block  BIGINT PRIMARY KEY,
    tokens BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS auth_token_user_blocks (
    block  BIGINT PRIMARY KEY,
    tokens BIGINT NOT NULL
);

INSERT INTO auth_token_id_blocks (block, tokens)
SELECT id >> 10, count(*) FROM auth_tokens GROUP BY 1
ON CONFLICT (block) DO UPDATE SET tokens = excluded.tokens;
INSERT INTO auth_token_user_blocks (block, tokens)
SELECT user_id >> 10, count(*) FROM auth_tokens GROUP BY 1
ON CONFLICT (block) DO UPDATE SET tokens = excluded.tokens;

-- Each statement adds its net change per block, in block order (an update that keeps every id and user writes nothing).
CREATE OR REPLACE FUNCTION auth_token_id_blocks_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO auth_token_id_blocks AS b (block, tokens)
        SELECT id >> 10, count(*) FROM new_tokens GROUP BY 1 ORDER BY 1
        ON CONFLICT (block) DO UPDATE SET tokens = b.tokens + excluded.tokens;
        INSERT INTO auth_token_user_blocks AS b (block, tokens)
        SELECT user_id >> 10, count(*) FROM new_tokens GROUP BY 1 ORDER BY 1
        ON CONFLICT (block) DO UPDATE SET tokens = b.tokens + excluded.tokens;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO auth_token_id_blocks AS b (block, tokens)
        SELECT id >> 10, -count(*) FROM old_tokens GROUP BY 1 ORDER BY 1
        ON CONFLICT (block) DO UPDATE SET tokens = b.tokens + excluded.tokens;
        INSERT INTO auth_token_user_blocks AS b (block, tokens)
        SELECT user_id >> 10, -count(*) FROM old_tokens GROUP BY 1 ORDER BY 1
        ON CONFLICT (block) DO UPDATE SET tokens = b.tokens + excluded.tokens;
    ELSE
        INSERT INTO auth_token_id_blocks AS b (block, tokens)
        SELECT block, sum(change)
        FROM (SELECT id >> 10 AS block, 1 AS change FROM new_tokens
              UNION ALL
              SELECT id >> 10, -1 FROM old_tokens) c
        GROUP BY block HAVING sum(change) <> 0 ORDER BY block
        ON CONFLICT (block) DO UPDATE SET tokens = b.tokens + excluded.tokens;
        INSERT INTO auth_token_user_blocks AS b (block, tokens)
        SELECT block, sum(change)
        FROM (SELECT user_id >> 10 AS block, 1 AS change FROM new_tokens
              UNION ALL
              SELECT user_id >> 10, -1 FROM old_tokens) c
        GROUP BY block HAVING sum(change) <> 0 ORDER BY block
        ON CONFLICT (block) DO UPDATE SET tokens = b.tokens + excluded.tokens;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION auth_token_id_blocks_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM auth_token_id_blocks;
    DELETE FROM auth_token_user_blocks;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS auth_token_id_blocks_insert ON auth_tokens;
CREATE TRIGGER auth_token_id_blocks_insert AFTER INSERT ON auth_tokens
    REFERENCING NEW TABLE AS new_tokens FOR EACH STATEMENT EXECUTE FUNCTION auth_token_id_blocks_changed();
DROP TRIGGER IF EXISTS auth_token_id_blocks_update ON auth_tokens;
CREATE TRIGGER auth_token_id_blocks_update AFTER UPDATE ON auth_tokens
    REFERENCING OLD TABLE AS old_tokens NEW TABLE AS new_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION auth_token_id_blocks_changed();
DROP TRIGGER IF EXISTS auth_token_id_blocks_delete ON auth_tokens;
CREATE TRIGGER auth_token_id_blocks_delete AFTER DELETE ON auth_tokens
    REFERENCING OLD TABLE AS old_tokens FOR EACH STATEMENT EXECUTE FUNCTION auth_token_id_blocks_changed();
DROP TRIGGER IF EXISTS auth_token_id_blocks_truncate ON auth_tokens;
CREATE TRIGGER auth_token_id_blocks_truncate AFTER TRUNCATE ON auth_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION auth_token_id_blocks_truncated();
