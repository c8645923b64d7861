-- S1: GET /api/users/auth_tokens?limit=20
SELECT (SELECT tokens FROM auth_token_count), (SELECT version FROM user_names_version), t.id, t.key, t.user_id, t.created_at, t.updated_at FROM (SELECT t.id, t.key, t.user_id, t.created_at, t.updated_at FROM auth_tokens t ORDER BY t.id ASC LIMIT 20) t ORDER BY t.id ASC;
