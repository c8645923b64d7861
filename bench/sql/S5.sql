-- S5: GET /api/users/auth_tokens?id_min=400000&id_max=400100&ordering=-id
SELECT t.id, t.key, t.user_id, u.username, u.first_name, u.last_name, t.created_at, t.updated_at FROM auth_tokens t JOIN users u ON u.id = t.user_id WHERE t.id >= 400000 AND t.id <= 400100 ORDER BY t.id DESC LIMIT 2001;
