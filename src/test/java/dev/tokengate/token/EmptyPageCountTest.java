package dev.tokengate.token;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RecordingAuthTokenService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An offset page's count is a column of the page's own statement, so a page with rows is one statement; an empty page
 * gives no row to carry it, and is read again by a statement that gives its count with a row of nulls. The counts are
 * exact either way, with the users' names in memory or joined.
 */
class EmptyPageCountTest extends IntegrationTest {

	private static final AuthTokenFilter FROM_ID_4990 = new AuthTokenFilter(4990L, null, null, null, null, null, null,
			null);

	private static final AuthTokenFilter NO_SUCH_DAY = new AuthTokenFilter(null, null, LocalDate.of(1999, 1, 1), null,
			null, null, null, null);

	@Autowired
	AuthTokenQueryBuilder sql;

	@Autowired
	DataSource dataSource;

	@Test
	void aPageWithRowsIsOneStatementAndAnEmptyOneTwo() {
		for (UserNamesCache names : List.of(new UserNamesCache(100), UserNamesCache.off())) {
			List<String> statements = new ArrayList<>();
			AuthTokenService service = service(statements, names);
			service.find(page(AuthTokenFilter.NONE, 1, 0), true, false);

			for (AuthTokenQuery withRows : List.of(page(AuthTokenFilter.NONE, 20, 0), page(FROM_ID_4990, 5, 3))) {
				service.find(withRows, true, false);
				statements.clear();
				AuthTokenPage found = service.find(withRows, true, false);
				assertThat(found.rows()).isNotEmpty();
				assertThat(statements).as("%s", withRows).hasSize(1);
			}

			for (AuthTokenQuery empty : List.of(page(FROM_ID_4990, 5, 11), page(AuthTokenFilter.NONE, 20, 5000),
					page(NO_SUCH_DAY, 20, 0))) {
				statements.clear();
				AuthTokenPage found = service.find(empty, true, false);
				assertThat(found.rows()).isEmpty();
				assertThat(found.count()).isEqualTo(expectedCount(empty.filter()));
				assertThat(statements).as("%s", empty)
					.endsWith(this.sql.countedPage(empty).withValuesInline().sql())
					.hasSize(2);
			}
		}
	}

	@Test
	void everyPageOfAFilterCarriesTheExactCount() {
		long expected = expectedCount(FROM_ID_4990);
		assertThat(expected).isEqualTo(11);
		AuthTokenService service = service(new ArrayList<>(), new UserNamesCache(100));
		for (long offset = 0; offset <= expected + 2; offset++) {
			AuthTokenPage found = service.find(page(FROM_ID_4990, 4, offset), true, false);
			assertThat(found.count()).as("offset %d", offset).isEqualTo(expected);
			assertThat(found.rows()).extracting(AuthTokenRow::id)
				.isEqualTo(this.jdbc.queryForList("SELECT id FROM auth_tokens WHERE id >= 4990 ORDER BY id LIMIT 4 OFFSET ?",
						Long.class, offset));
		}
	}

	private static AuthTokenQuery page(AuthTokenFilter filter, long limit, long offset) {
		return new AuthTokenQuery(filter, null, null, new AuthTokenPageRequest.Offset(limit, offset));
	}

	private long expectedCount(AuthTokenFilter filter) {
		if (filter.createdDate() != null) {
			return this.jdbc.queryForObject("SELECT count(*) FROM auth_tokens WHERE (created_at AT TIME ZONE 'UTC')::date = ?",
					Long.class, filter.createdDate());
		}
		long from = (filter.idMin() == null) ? Long.MIN_VALUE : filter.idMin();
		return this.jdbc.queryForObject("SELECT count(*) FROM auth_tokens WHERE id >= ?", Long.class, from);
	}

	/** A service of its own over the test's database, recording each statement it prepares. */
	private AuthTokenService service(List<String> statements, UserNamesCache names) {
		return RecordingAuthTokenService.recording(this.dataSource, this.sql, statements, names);
	}

}
