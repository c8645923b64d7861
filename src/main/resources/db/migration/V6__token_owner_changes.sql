-- Announces every statement that could change what the token lookup returns (AuthTokenQueryBuilder#tokenOwner: a
-- token's key and user, its user's id, username, is_active, is_staff and is_superuser) on the channel
-- tokengate_token_owners, so that the service's token lookup cache (TokenOwnerCache) never serves a revoked or changed
-- token once the notification arrives. One notification per statement, sent at commit (PostgreSQL folds identical
-- ones of one transaction into one); a statement that changes no row still sends one, which only costs a lookup.
-- Inserts need none: the cache keeps only keys that were found.
CREATE OR REPLACE FUNCTION token_owner_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('tokengate_token_owners', '');
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS auth_tokens_owner_changed ON auth_tokens;
CREATE TRIGGER auth_tokens_owner_changed
    AFTER DELETE OR UPDATE OF key, user_id OR TRUNCATE ON auth_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION token_owner_changed();

DROP TRIGGER IF EXISTS users_owner_changed ON users;
CREATE TRIGGER users_owner_changed
    AFTER DELETE OR UPDATE OF id, username, is_active, is_staff, is_superuser OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION token_owner_changed();
