-- Every list row joins its token's user by id, one index lookup per row: for an id range of 101 tokens (S5 in bench/)
-- those lookups were two thirds of the statement's time (6,700-7,500 tps without the users, 2,050 with them; pgbench,
-- 16 clients, prepared). A hash index answers an equality lookup from one bucket page instead of a descent through the
-- primary key's b-tree, and the planner prefers it for these lookups. Measured in turn with and without it, three
-- rounds of 5 s: REST S5's statement 2,111-2,148 -> 2,893-3,125 tps, GraphQL S5's count and page 1,673-1,906 ->
-- 2,063-2,149; S1 and S3, whose pages go through a Memoize node, moved within the noise. The primary key stays, for
-- uniqueness and the foreign keys. (A hash index on the tokens' id made no difference to S2 and S4.)
CREATE INDEX IF NOT EXISTS users_id_hash_idx ON users USING hash (id);
