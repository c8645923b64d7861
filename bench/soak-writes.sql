-- pgbench script for bench/soak: while the soak reads, tokens are inserted, moved between users, touched and
-- deleted, and a user's first name is written again (unchanged), which moves the users' names version on (V8) and so
-- empties the service's memory of names. Only tokens the soak itself inserted (keys starting 'soak') are changed, so
-- the dataset ends as it began.
\set user_id random(1, 200000)
\set other_user random(1, 200000)
BEGIN;
INSERT INTO auth_tokens (key, user_id) VALUES ('soak' || substr(md5(random()::text), 1, 30) || lpad((random() * 999999)::int::text, 6, '0'), :user_id);
UPDATE auth_tokens SET user_id = :other_user, updated_at = now()
  WHERE id = (SELECT id FROM auth_tokens WHERE key LIKE 'soak%' ORDER BY id DESC LIMIT 1 OFFSET 3);
DELETE FROM auth_tokens
  WHERE id = (SELECT id FROM auth_tokens WHERE key LIKE 'soak%' ORDER BY id DESC LIMIT 1 OFFSET 20);
UPDATE users SET first_name = first_name WHERE id = :other_user;
COMMIT;
