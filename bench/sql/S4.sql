-- S4: GET /api/users/auth_tokens?limit=20&offset=500000
BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
SELECT tokens FROM auth_token_count;
SELECT t.id, t.key, t.user_id, u.username, u.first_name, u.last_name, t.created_at, t.updated_at FROM (SELECT t.id FROM auth_tokens t ORDER BY t.id ASC LIMIT 20 OFFSET 500000) page JOIN auth_tokens t ON t.id = page.id JOIN users u ON u.id = t.user_id ORDER BY t.id ASC;
COMMIT;
