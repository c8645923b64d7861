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
 * auth_token_days counts the tokens created and last updated on each UTC day, kept by triggers. Counts of lists
 * filtered by dates alone are sums over it: it must equal what it counts after any write, and those counts must be
 * what Django's query counted.
 */
class TokenDaysTest extends IntegrationTest {

	@Autowired
	PlatformTransactionManager transactions;

	/** What auth_token_days must hold (days left at zero are allowed to stay), computed from auth_tokens. */
	private static final String EXPECTED = "SELECT day, sum(created)::bigint AS created, sum(updated)::bigint AS updated "
			+ "FROM (SELECT (created_at AT TIME ZONE 'UTC')::date AS day, 1 AS created, 0 AS updated FROM auth_tokens "
			+ "UNION ALL SELECT (updated_at AT TIME ZONE 'UTC')::date, 0, 1 FROM auth_tokens) c GROUP BY day ORDER BY day";

	private static final String HELD = "SELECT day, created, updated FROM auth_token_days "
			+ "WHERE created <> 0 OR updated <> 0 ORDER BY day";

	@Test
	void theDayCountsFollowEveryWriteToTokens() {
		assertInSync();
		this.jdbc.update("INSERT INTO users (id, username) VALUES (300001, 'days')");
		// New days, one on each side of a UTC midnight, and rows on days that already have tokens.
		this.jdbc.update("INSERT INTO auth_tokens (key, user_id, created_at, updated_at) "
				+ "SELECT 'days' || lpad(g::text, 36, '0'), 300001, "
				+ "timestamptz '2031-06-30 23:59:59.999999+00' + g * interval '1 microsecond', "
				+ "timestamptz '2031-07-01 00:30:00+02' + g * interval '1 hour' FROM generate_series(0, 3) g");
		this.jdbc.update("INSERT INTO auth_tokens (key, user_id, created_at) VALUES ('d' || repeat('x', 39), 300001, "
				+ "(SELECT created_at FROM auth_tokens WHERE id = 1))");
		assertInSync();
		this.jdbc.update("UPDATE auth_tokens SET updated_at = updated_at + interval '3 days' WHERE user_id = 300001");
		this.jdbc.update("UPDATE auth_tokens SET created_at = created_at - interval '1 day', "
				+ "updated_at = updated_at + interval '1 day' WHERE id IN (2, 3, 5)");
		// An update that moves no day, and one whose rows trade days with each other.
		this.jdbc.update("UPDATE auth_tokens SET key = key WHERE id <= 100");
		this.jdbc.update("UPDATE auth_tokens t SET created_at = o.created_at FROM auth_tokens o "
				+ "WHERE (t.id, o.id) IN ((10, 20), (20, 10))");
		assertInSync();
		this.jdbc.update("DELETE FROM auth_tokens WHERE id IN (7, 8, 9)");
		this.jdbc.update("DELETE FROM users WHERE id = 300001");
		assertInSync();
		// Truncated in a transaction that is rolled back: the other test needs the admin's token.
		new TransactionTemplate(this.transactions).executeWithoutResult(transaction -> {
			this.jdbc.update("TRUNCATE auth_tokens");
			assertInSync();
			assertThat(this.jdbc.queryForObject("SELECT count(*) FROM auth_token_days", Integer.class)).isZero();
			transaction.setRollbackOnly();
		});
		assertInSync();
	}

	@Test
	void dateFilteredCountsAreWhatDjangosQueryCounted() {
		this.jdbc.update("UPDATE auth_tokens SET updated_at = updated_at + (id % 7) * interval '1 day' WHERE id % 3 = 0");
		String created = "(t.created_at AT TIME ZONE 'UTC')::date";
		String updated = "(t.updated_at AT TIME ZONE 'UTC')::date";
		Map<String, String> filters = Map.ofEntries(
				Map.entry("created_from=2025-03-01&created_to=2025-03-31", created + " BETWEEN '2025-03-01' AND '2025-03-31'"),
				Map.entry("created_from=2025-03-10", created + " >= '2025-03-10'"),
				Map.entry("created_to=2024-12-31", created + " <= '2024-12-31'"),
				Map.entry("created_date=2025-02-14", created + " = '2025-02-14'"),
				Map.entry("created_date=2025-02-14&created_from=2025-02-15", "false"),
				Map.entry("created_from=2025-04-01&created_to=2025-03-01", "false"),
				Map.entry("created_date=2025-02-14&created_to=2025-06-01&created_from=2024-01-01",
						created + " = '2025-02-14'"),
				Map.entry("updated_from=2025-03-01&updated_to=2025-03-31", updated + " BETWEEN '2025-03-01' AND '2025-03-31'"),
				Map.entry("updated_date=2025-05-05", updated + " = '2025-05-05'"),
				Map.entry("updated_to=2025-01-01", updated + " <= '2025-01-01'"),
				Map.entry("created_from=2025-03-01&updated_to=2025-06-30",
						created + " >= '2025-03-01' AND " + updated + " <= '2025-06-30'"));
		filters.forEach((query, condition) -> {
			long expected = this.jdbc.queryForObject("SELECT count(*) FROM auth_tokens t WHERE " + condition, Long.class);
			assertThat(JsonPath.<Integer>read(rest(query + "&limit=1").text(), "$.count").longValue()).as(query)
				.isEqualTo(expected);
			assertThat(JsonPath.<Integer>read(
					graphQl("{ authTokens(filter: " + graphQlFilter(query) + ") { totalCount } }", null, ADMIN).text(),
					"$.data.authTokens.totalCount").longValue()).as(query).isEqualTo(expected);
		});
		assertThat(filters.keySet().stream().map(q -> JsonPath.<Integer>read(rest(q + "&limit=1").text(), "$.count")))
			.as("the filters are not all empty").anyMatch(count -> count > 100);
	}

	private static String graphQlFilter(String query) {
		StringBuilder filter = new StringBuilder("{");
		for (String parameter : query.split("&")) {
			String[] pair = parameter.split("=");
			filter.append(' ').append(camelCase(pair[0])).append(": \"").append(pair[1]).append('"');
		}
		return filter.append(" }").toString();
	}

	private static String camelCase(String name) {
		int underscore = name.indexOf('_');
		return name.substring(0, underscore) + Character.toUpperCase(name.charAt(underscore + 1))
				+ name.substring(underscore + 2);
	}

	private void assertInSync() {
		List<Map<String, Object>> held = this.jdbc.queryForList(HELD);
		assertThat(held).isEqualTo(this.jdbc.queryForList(EXPECTED));
	}

}
