-- A number that changes with every statement that could change what the list shows of a user (id, username, first and
-- last name), kept by a statement-level trigger in the writer's transaction. The list's page statements read it
-- instead of joining each row's user, and take the names from the service's memory (UserNamesCache) when they were
-- read at that same number: two snapshots that see the same number see the same names, so the names are exact. For
-- an id range of 101 tokens (S5 in bench/), the page without its users ran at 4,144-4,464 tps, against 2,302-2,560
-- with them (pgbench, 16 clients, prepared, GraphQL S5's count and page). Inserted users need no new number: no page
-- can hold one of their tokens before its own snapshot sees them, and the memory misses them until then.
-- Like auth_token_count's, the update of this one row orders the transactions that change users.
CREATE TABLE IF NOT EXISTS user_names_version (
    singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    version   BIGINT  NOT NULL
);
INSERT INTO user_names_version (singleton, version) VALUES (TRUE, 1) ON CONFLICT (singleton) DO NOTHING;

CREATE OR REPLACE FUNCTION user_names_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE user_names_version SET version = version + 1;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS users_names_changed ON users;
CREATE TRIGGER users_names_changed
    AFTER DELETE OR UPDATE OF id, username, first_name, last_name OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION user_names_changed();
