package dev.tokengate.token;

import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import dev.tokengate.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deep offset page of the whole list is found through the partition counts (ids and user ids per block, tokens
 * per day) instead of by walking the rows it skips: it must be exactly the page a plain OFFSET gives, for every ordering,
 * across partition boundaries, holes and ties, up to and past the end, and the block counts must follow every write.
 */
class DeepOffsetPageTest extends IntegrationTest {

	@Autowired
	PlatformTransactionManager transactions;

	/** Each legacy ordering with the SQL ordering it means (the id tie-breaker appended, as the service does). */
	private static final Map<String, String> ORDERINGS = Map.ofEntries(Map.entry("id", "id ASC"),
			Map.entry("-id", "id DESC"), Map.entry("created_at", "created_at ASC, id ASC"),
			Map.entry("-created_at", "created_at DESC, id ASC"), Map.entry("updated_at", "updated_at ASC, id ASC"),
			Map.entry("-updated_at", "updated_at DESC, id ASC"), Map.entry("user", "user_id ASC, id ASC"),
			Map.entry("-user", "user_id DESC, id ASC"), Map.entry("user,-created_at", "user_id ASC, created_at DESC, id ASC"),
			Map.entry("-created_at,-id", "created_at DESC, id DESC"));

	private static final String BLOCKS_EXPECTED = "SELECT 'id' AS kind, id >> 10 AS block, count(*) AS tokens "
			+ "FROM auth_tokens GROUP BY 2 UNION ALL SELECT 'user', user_id >> 10, count(*) FROM auth_tokens GROUP BY 2 "
			+ "ORDER BY 1, 2";

	private static final String BLOCKS_HELD = "SELECT 'id' AS kind, block, tokens FROM auth_token_id_blocks "
			+ "WHERE tokens <> 0 UNION ALL SELECT 'user', block, tokens FROM auth_token_user_blocks WHERE tokens <> 0 "
			+ "ORDER BY 1, 2";

	@Test
	void deepPagesAreThePagesAPlainOffsetGivesForEveryOrdering() {
		// 20,000 more tokens: runs of equal timestamps, a few users with thousands of tokens, then holes of whole
		// blocks and days, and tokens moved between days and users.
		this.jdbc.update("INSERT INTO users (id, username) SELECT 400000 + g, 'deep' || g FROM generate_series(1, 7) g");
		this.jdbc.update("INSERT INTO auth_tokens (key, user_id, created_at, updated_at) "
				+ "SELECT 'deep' || lpad(g::text, 36, '0'), 400001 + g % 7, "
				+ "timestamptz '2025-01-01 00:00:00+00' + (g / 50) * interval '7 hours', "
				+ "timestamptz '2025-06-01 23:00:00+00' + (g % 300) * interval '31 minutes' "
				+ "FROM generate_series(1, 20000) g");
		this.jdbc.update("DELETE FROM auth_tokens WHERE id BETWEEN 9000 AND 11500 OR id % 97 = 0");
		this.jdbc.update("UPDATE auth_tokens SET created_at = created_at - interval '40 days', user_id = 400003 "
				+ "WHERE id % 13 = 0 AND id > 1");
		assertThat(this.jdbc.queryForList(BLOCKS_HELD)).isEqualTo(this.jdbc.queryForList(BLOCKS_EXPECTED));

		long total = this.jdbc.queryForObject("SELECT count(*) FROM auth_tokens", Long.class);
		assertThat(total).isGreaterThan(AuthTokenQueryBuilder.PARTITIONED_FROM + 10_000);
		List<Long> offsets = List.of(AuthTokenQueryBuilder.PARTITIONED_FROM, AuthTokenQueryBuilder.PARTITIONED_FROM + 1,
				12_345L, 17_000L, 19_999L, total - 25, total - 1, total, total + 10);
		ORDERINGS.forEach((ordering, sql) -> {
			for (long offset : offsets) {
				List<Long> expected = this.jdbc.queryForList(
						"SELECT id FROM auth_tokens ORDER BY " + sql + " LIMIT 20 OFFSET " + offset, Long.class);
				String page = rest("ordering=" + ordering + "&limit=20&offset=" + offset).text();
				assertThat(JsonPath.<List<Number>>read(page, "$.results[*].id").stream().map(Number::longValue))
					.as("ordering=%s offset=%d", ordering, offset)
					.containsExactlyElementsOf(expected);
				assertThat(JsonPath.<Integer>read(page, "$.count").longValue()).isEqualTo(total);
			}
		});
	}

	@Test
	void theBlockCountsFollowInsertsMovesDeletesAndTruncates() {
		assertThat(this.jdbc.queryForList(BLOCKS_HELD)).isEqualTo(this.jdbc.queryForList(BLOCKS_EXPECTED));
		this.jdbc.update("INSERT INTO auth_tokens (id, key, user_id) VALUES (-5, 'negative' || repeat('0', 32), 1), "
				+ "(5000000, 'far' || repeat('0', 37), 1)");
		this.jdbc.update("UPDATE auth_tokens SET id = id + 6000000 WHERE id BETWEEN 100 AND 200");
		this.jdbc.update("INSERT INTO users (id, username) VALUES (-3, 'negative'), (7000000, 'far')");
		this.jdbc.update("UPDATE auth_tokens SET user_id = CASE WHEN id % 2 = 0 THEN -3 ELSE 7000000 END "
				+ "WHERE id BETWEEN 300 AND 340");
		this.jdbc.update("UPDATE auth_tokens SET updated_at = now() WHERE id < 50");
		this.jdbc.update("DELETE FROM auth_tokens WHERE id BETWEEN 1024 AND 2047");
		assertThat(this.jdbc.queryForList(BLOCKS_HELD)).isEqualTo(this.jdbc.queryForList(BLOCKS_EXPECTED));
		// Truncated in a transaction that is rolled back: the other test needs the admin's token.
		new TransactionTemplate(this.transactions).executeWithoutResult(transaction -> {
			this.jdbc.update("TRUNCATE auth_tokens");
			assertThat(this.jdbc.queryForObject("SELECT count(*) FROM auth_token_id_blocks", Integer.class)).isZero();
			assertThat(this.jdbc.queryForObject("SELECT count(*) FROM auth_token_user_blocks", Integer.class)).isZero();
			transaction.setRollbackOnly();
		});
		assertThat(this.jdbc.queryForList(BLOCKS_HELD)).isEqualTo(this.jdbc.queryForList(BLOCKS_EXPECTED));
	}

}
