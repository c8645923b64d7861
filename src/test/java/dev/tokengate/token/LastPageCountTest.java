package dev.tokengate.token;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.jayway.jsonpath.JsonPath;
import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RecordingAuthTokenService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page that is the end of its list tells its own count: a search's offset page then skips its count (which reads the
 * trigram indexes again), and a connection page holding every row runs no count statement. The counts stay exact on
 * every kind of page.
 */
class LastPageCountTest extends IntegrationTest {

	@Autowired
	AuthTokenQueryBuilder sql;

	@Autowired
	ReadDatabase reads;

	@Autowired
	DataSource dataSource;

	@Test
	void aSearchPageShorterThanItsLimitIsNotCountedAgain() {
		String key = this.jdbc.queryForObject("SELECT key FROM auth_tokens WHERE id = 4242", String.class);

		assertThat(countLoops(search(key, 20, 0))).isZero();
		assertThat(countLoops(search("alex", 5000, 3))).isZero();
		// A full page, or an empty one past the end, cannot tell.
		assertThat(countLoops(search("alex", 2, 0))).isEqualTo(1);
		assertThat(countLoops(search(key, 20, 1))).isEqualTo(1);
	}

	@Test
	void theCountOfASearchIsExactOnEveryKindOfPage() {
		for (String terms : List.of("alex", "alex 1", "alex smith", "son 1", "no-such-term", "ab, 4")) {
			long expected = expectedCount(terms);
			for (long[] page : new long[][] { { 20, 0 }, { 7, 3 }, { 1000, 0 }, { 3, expected - 2 },
					{ 5, expected }, { 5, expected + 10 }, { 1, 0 } }) {
				AuthTokenQuery query = search(terms, page[0], Math.max(page[1], 0));
				AuthTokenPage found = this.service(new ArrayList<>()).find(query, true, false);
				assertThat(found.count()).as("count of %s, limit %d offset %d", terms, page[0], page[1])
					.isEqualTo(expected);
				assertThat((long) found.rows().size())
					.isEqualTo(Math.max(0, Math.min(page[0], expected - Math.max(page[1], 0))));
			}
		}
	}

	@Test
	void aConnectionPageHoldingEveryRowRunsNoCountStatement() {
		List<String> statements = new ArrayList<>();
		AuthTokenService service = service(statements);
		AuthTokenQuery everyRow = search("alex", 0, 0)
			.withPage(new AuthTokenPageRequest.Keyset(1000, false, null, null));
		long expected = expectedCount("alex");
		assertThat(expected).isBetween(2L, 999L);

		assertThat(service.find(everyRow, true, false).count()).isEqualTo(expected);
		assertThat(statements).noneMatch(sql -> sql.contains("count("));

		for (AuthTokenPageRequest.Keyset part : List.of(new AuthTokenPageRequest.Keyset(1, false, null, null),
				new AuthTokenPageRequest.Keyset(1, true, null, null))) {
			statements.clear();
			assertThat(service.find(everyRow.withPage(part), true, false).count()).isEqualTo(expected);
			assertThat(statements).anyMatch(sql -> sql.contains("count("));
		}
	}

	private static AuthTokenQuery search(String terms, long limit, long offset) {
		return new AuthTokenQuery(null, AuthTokenSearch.parse(terms), null, new AuthTokenPageRequest.Offset(limit, offset));
	}

	/** Every term in one of the searched fields, counted the way Django's query did. */
	private long expectedCount(String terms) {
		StringBuilder where = new StringBuilder("true");
		List<Object> patterns = new ArrayList<>();
		for (String term : AuthTokenSearch.parse(terms).terms()) {
			where.append(" AND (t.id::text ILIKE ? OR t.key ILIKE ? OR u.username ILIKE ? OR u.mobile_number ILIKE ?"
					+ " OR u.first_name ILIKE ? OR u.last_name ILIKE ?)");
			String pattern = "%" + AuthTokenQueryBuilder.escapeLike(term) + "%";
			for (int i = 0; i < 6; i++) {
				patterns.add(pattern);
			}
		}
		return this.jdbc.queryForObject("SELECT count(*) FROM auth_tokens t JOIN users u ON u.id = t.user_id WHERE "
				+ where, Long.class, patterns.toArray());
	}

	/** How many times the statement's count ran: the loops of its one InitPlan outside the page's rows. */
	private int countLoops(AuthTokenQuery query) {
		SqlStatement statement = this.sql.countedRows(query).withValuesInline();
		String json = this.reads.jdbc().execute((ConnectionCallback<String>) connection -> {
			try (PreparedStatement explain = connection
				.prepareStatement("EXPLAIN (ANALYZE, FORMAT JSON) " + statement.sql())) {
				Object[] parameters = statement.parameterArray();
				for (int i = 0; i < parameters.length; i++) {
					explain.setObject(i + 1, parameters[i]);
				}
				try (ResultSet plan = explain.executeQuery()) {
					plan.next();
					return plan.getString(1);
				}
			}
		});
		List<Map<String, Object>> counts = new ArrayList<>();
		collectInitPlans(JsonPath.read(json, "$[0].Plan"), counts);
		assertThat(counts).as("the count's InitPlan in %s", json).hasSize(1);
		return ((Number) counts.get(0).get("Actual Loops")).intValue();
	}

	/** The InitPlans outside the page's rows (the CTE) and outside each other. */
	@SuppressWarnings("unchecked")
	private static void collectInitPlans(Map<String, Object> node, List<Map<String, Object>> found) {
		for (Map<String, Object> child : (List<Map<String, Object>>) node.getOrDefault("Plans", List.of())) {
			String name = String.valueOf(child.get("Subplan Name"));
			if (name.startsWith("CTE ")) {
				continue;
			}
			if ("InitPlan".equals(child.get("Parent Relationship"))) {
				found.add(child);
			}
			else {
				collectInitPlans(child, found);
			}
		}
	}

	/** A service of its own over the test's database, recording each statement it prepares. */
	private AuthTokenService service(List<String> statements) {
		return RecordingAuthTokenService.recording(this.dataSource, this.sql, statements, UserNamesCache.off());
	}

}
