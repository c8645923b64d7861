-- S5: GET /api/users/auth_tokens?id_min=400000&id_max=400100&ordering=-id
SELECT (SELECT version FROM user_names_version), t.id, t.key, t.user_id, t.created_at, t.updated_at FROM auth_tokens t WHERE t.id >= 400000 AND t.id <= 400100 ORDER BY t.id DESC LIMIT 2001;
