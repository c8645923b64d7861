-- S3: GET /api/users/auth_tokens?created_from=2025-03-01&created_to=2025-03-31&ordering=-created_at&limit=50
BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
SELECT count(*) FROM auth_tokens t WHERE t.created_at >= timestamptz '2025-03-01T00:00Z' AND t.created_at < timestamptz '2025-04-01T00:00Z';
SELECT t.id, t.key, t.user_id, u.username, u.first_name, u.last_name, t.created_at, t.updated_at FROM (SELECT t.id FROM auth_tokens t WHERE t.created_at >= timestamptz '2025-03-01T00:00Z' AND t.created_at < timestamptz '2025-04-01T00:00Z' ORDER BY t.created_at DESC, t.id ASC LIMIT 50 OFFSET 0) page JOIN auth_tokens t ON t.id = page.id JOIN users u ON u.id = t.user_id ORDER BY t.created_at DESC, t.id ASC;
COMMIT;
