package dev.tokengate.token;

import java.util.List;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.tokengate.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * token_owner_search copies each user's searched fields and counts its tokens, kept by triggers. One-term searches
 * count from it: it must equal what it copies after any write, and the searches must find what Django's query found.
 */
class TokenOwnerSearchTest extends IntegrationTest {

	/** What token_owner_search must hold, computed from users and auth_tokens. */
	private static final String EXPECTED = "SELECT u.id, upper(u.username::text), upper(u.mobile_number::text), "
			+ "upper(u.first_name::text), upper(u.last_name::text), "
			+ "(SELECT count(*) FROM auth_tokens t WHERE t.user_id = u.id) FROM users u";

	private static final String HELD = "SELECT user_id, username, mobile_number, first_name, last_name, tokens "
			+ "FROM token_owner_search";

	/** Django's own query for one term: the join, and an OR over both tables. */
	private static final String DJANGO_SEARCH = "SELECT t.id FROM auth_tokens t JOIN users u ON u.id = t.user_id "
			+ "WHERE upper(t.id::text) LIKE upper(?) OR upper(t.key::text) LIKE upper(?) "
			+ "OR upper(u.username::text) LIKE upper(?) OR upper(u.mobile_number::text) LIKE upper(?) "
			+ "OR upper(u.first_name::text) LIKE upper(?) OR upper(u.last_name::text) LIKE upper(?) ORDER BY t.id";

	@Test
	void theCopyFollowsEveryWriteToUsersAndTokens() {
		assertInSync();
		this.jdbc.update("INSERT INTO users (id, username, first_name) VALUES (200001, 'zed_one', 'Zebulon'), "
				+ "(200002, 'zed_two', 'Zora')");
		this.jdbc.update("INSERT INTO auth_tokens (key, user_id) SELECT 'zed' || lpad(g::text, 37, '0'), "
				+ "200001 + g % 2 FROM generate_series(1, 5) g");
		assertInSync();
		// Tokens move between users, one user's name changes, another's id while it has no tokens.
		this.jdbc.update("UPDATE auth_tokens SET user_id = 200002 WHERE user_id = 200001 AND key LIKE 'zed%'");
		this.jdbc.update("UPDATE users SET last_name = 'Quux', mobile_number = '+1 555' WHERE id = 200002");
		this.jdbc.update("INSERT INTO users (id, username) VALUES (200003, 'zed_three')");
		this.jdbc.update("UPDATE users SET id = 200004 WHERE id = 200003");
		this.jdbc.update("UPDATE auth_tokens SET updated_at = now() WHERE user_id = 200002");
		this.jdbc.update("UPDATE users SET is_active = false");
		assertInSync();
		this.jdbc.update("DELETE FROM auth_tokens WHERE key = 'zed' || lpad('3', 37, '0')");
		this.jdbc.update("DELETE FROM users WHERE id = 200002");
		assertInSync();
		this.jdbc.update("TRUNCATE auth_tokens");
		assertInSync();
	}

	@Test
	void oneTermSearchesFindAndCountWhatDjangosQueryFound() {
		// Terms common and rare, in user fields, keys and ids, with LIKE's wildcards, and shorter than a trigram.
		for (String term : List.of("alex", "ALEX", "smith", "1", "12", "42", "ab", "admin", "a000", "_", "%", "\\",
				"no-such-term", "son", "+1", "e", "-1", "7-", "1234", "4567", "a0000000", "000000000000000000admin",
				"ADMIN", "s0000000000000000000000000000000000staff")) {
			List<Long> expected = this.jdbc.queryForList(DJANGO_SEARCH, Long.class, pattern(term), pattern(term),
					pattern(term), pattern(term), pattern(term), pattern(term));
			for (String page : List.of("limit=20", "limit=7&offset=3", "limit=50&offset=" + expected.size())) {
				DocumentContext json = JsonPath.parse(rest("search=" + encode(term) + "&" + page).text());
				assertThat(json.<Integer>read("$.count")).as("count of %s", term).isEqualTo(expected.size());
				int limit = Integer.parseInt(page.replaceAll("limit=(\\d+).*", "$1"));
				int offset = page.contains("offset=") ? Integer.parseInt(page.replaceAll(".*offset=", "")) : 0;
				List<Long> ids = json.<List<Number>>read("$.results[*].id").stream().map(Number::longValue).toList();
				assertThat(ids).as("page %s of %s", page, term)
					.isEqualTo(expected.subList(Math.min(offset, expected.size()),
							Math.min(offset + limit, expected.size())));
			}
		}
	}

	@Test
	void oneTermSearchesKeepTheirOrderingAndFilters() {
		String term = "son";
		List<Long> expected = this.jdbc.queryForList("SELECT t.id FROM auth_tokens t JOIN users u ON u.id = t.user_id "
				+ "WHERE t.id >= 1000 AND (upper(t.key::text) LIKE '%SON%' OR upper(u.username::text) LIKE '%SON%' "
				+ "OR upper(u.first_name::text) LIKE '%SON%' OR upper(u.last_name::text) LIKE '%SON%' "
				+ "OR upper(u.mobile_number::text) LIKE '%SON%') ORDER BY t.created_at DESC, t.id ASC", Long.class);
		assertThat(expected).hasSizeGreaterThan(40);
		DocumentContext json = JsonPath
			.parse(rest("search=" + term + "&id_min=1000&ordering=-created_at&limit=30&offset=10").text());
		assertThat(json.<Integer>read("$.count")).isEqualTo(expected.size());
		List<Long> ids = json.<List<Number>>read("$.results[*].id").stream().map(Number::longValue).toList();
		assertThat(ids).isEqualTo(expected.subList(10, 40));
	}

	private void assertInSync() {
		List<String> missing = this.jdbc.queryForList("SELECT row(e.*)::text FROM (" + EXPECTED + " EXCEPT " + HELD
				+ ") e", String.class);
		List<String> extra = this.jdbc.queryForList("SELECT row(h.*)::text FROM (" + HELD + " EXCEPT " + EXPECTED
				+ ") h", String.class);
		assertThat(missing).as("rows token_owner_search lacks").isEmpty();
		assertThat(extra).as("rows token_owner_search should not have").isEmpty();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM token_owner_search", Long.class))
			.isEqualTo(this.jdbc.queryForObject("SELECT count(*) FROM users", Long.class));
	}

	private static String pattern(String term) {
		return "%" + AuthTokenQueryBuilder.escapeLike(term) + "%";
	}

	private static String encode(String term) {
		return java.net.URLEncoder.encode(term, java.nio.charset.StandardCharsets.UTF_8);
	}

}
