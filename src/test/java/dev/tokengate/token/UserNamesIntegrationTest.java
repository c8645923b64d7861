package dev.tokengate.token;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import javax.sql.DataSource;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RecordingAuthTokenService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page's users' names come from the service's memory when they were read at the version of the users' names the
 * page's statement reads (V8), so that a page whose users are known is one statement; the version moves with every
 * change to what the list shows of a user, so a page never shows a name its own snapshot does not hold.
 */
class UserNamesIntegrationTest extends IntegrationTest {

	private static final AuthTokenQuery FIRST_FIVE = new AuthTokenQuery(null, null, null,
			new AuthTokenPageRequest.Offset(5, 0));

	@Autowired
	DataSource dataSource;

	@Autowired
	AuthTokenQueryBuilder sql;

	@Test
	void aUserRenamedAfterItsPageWasReadShowsItsNewNamesOnTheNextPage() {
		assertThat(rest("limit=3").status()).isEqualTo(200);
		adminGraphQl("{ authTokens(limit: 3) { results { id } } }", null);
		long userId = JsonPath.parse(rest("limit=3").text()).read("$.results[2].user_data.id", Long.class);

		this.jdbc.update("UPDATE users SET username = 'renamed', first_name = 'Ada', last_name = 'Lovelace' WHERE id = ?",
				userId);

		DocumentContext json = JsonPath.parse(rest("limit=3").text());
		assertThat(json.read("$.results[2].user_data.username", String.class)).isEqualTo("renamed");
		assertThat(json.read("$.results[2].user_data.full_name", String.class)).isEqualTo("Ada Lovelace");
		DocumentContext graphQl = adminGraphQl("{ authTokens(limit: 3) { results { userData { username fullName } } } }",
				null);
		assertThat(graphQl.read("$.data.authTokens.results[2].userData.username", String.class)).isEqualTo("renamed");
		assertThat(graphQl.read("$.data.authTokens.results[2].userData.fullName", String.class))
			.isEqualTo("Ada Lovelace");
	}

	@Test
	void aPageWhoseUsersAreKnownIsOneStatementWithTheRowsTheJoinedStatementGives() {
		List<String> statements = new ArrayList<>();
		AuthTokenService service = service(statements, sql -> {
		}, new UserNamesCache(100));
		List<AuthTokenRow> joined = service(new ArrayList<>(), sql -> {
		}, UserNamesCache.off()).find(FIRST_FIVE, true, false).rows();

		assertThat(service.find(FIRST_FIVE, true, false).rows()).isEqualTo(joined);
		assertThat(statements).containsExactly(this.sql.userNamesVersionExists().sql(),
				this.sql.countedRows(FIRST_FIVE, AuthTokenQueryBuilder.UserNamesSource.BY_VERSION).withValuesInline().sql(),
				this.sql.userNames(joined.stream().map(AuthTokenRow::userId).distinct().toList()).sql());

		statements.clear();
		assertThat(service.find(FIRST_FIVE, true, false).rows()).isEqualTo(joined);
		assertThat(statements).containsExactly(
				this.sql.countedRows(FIRST_FIVE, AuthTokenQueryBuilder.UserNamesSource.BY_VERSION).withValuesInline().sql());

		// A keyset page reads in a transaction, and one row more than it shows.
		AuthTokenQuery keyset = FIRST_FIVE.withPage(new AuthTokenPageRequest.Keyset(5, false, null, null));
		assertThat(service.find(keyset, false, false).rows()).isEqualTo(joined);
		statements.clear();
		assertThat(service.find(keyset, false, false).rows()).isEqualTo(joined);
		assertThat(statements).contains(
				this.sql.rows(keyset, AuthTokenQueryBuilder.UserNamesSource.BY_VERSION).withValuesInline().sql());
		assertThat(statements).noneMatch(statement -> statement.contains("users u"));
	}

	@Test
	void aListLongerThanOneBatchStreamsWithoutLookingItsFirstBatchsUsersUp() {
		long tokens = this.jdbc.queryForObject("SELECT count(*) FROM auth_tokens", Long.class);
		assertThat(tokens).isGreaterThan(AuthTokenService.STREAM_BATCH);
		List<String> statements = new ArrayList<>();
		AuthTokenService service = service(statements, sql -> {
		}, new UserNamesCache(100_000));
		List<Long> ids = new ArrayList<>();

		service.stream(new AuthTokenQuery(null, null, null, null), row -> ids.add(row.id()));

		assertThat(ids).hasSize((int) tokens).doesNotHaveDuplicates();
		assertThat(statements).noneMatch(statement -> statement.contains("FROM users u WHERE u.id IN"));
	}

	@Test
	void aListOfOneBatchTakesItsNamesFromMemoryOnceKnown() {
		AuthTokenQuery firstTen = new AuthTokenQuery(new AuthTokenFilter(1L, 10L, null, null, null, null, null, null),
				null, null, null);
		List<AuthTokenRow> joined = new ArrayList<>();
		service(new ArrayList<>(), sql -> {
		}, UserNamesCache.off()).stream(firstTen, joined::add);
		List<String> statements = new ArrayList<>();
		AuthTokenService service = service(statements, sql -> {
		}, new UserNamesCache(100));
		service.stream(firstTen, row -> {
		});
		statements.clear();

		List<AuthTokenRow> streamed = new ArrayList<>();
		service.stream(firstTen, streamed::add);

		assertThat(streamed).isEqualTo(joined);
		assertThat(statements).hasSize(1).noneMatch(statement -> statement.contains("users u"));
	}

	@Test
	void namesChangedBetweenThePageAndTheirLookupAreReadAgainWithThePage() {
		long userId = this.jdbc.queryForObject("SELECT user_id FROM auth_tokens ORDER BY id LIMIT 1", Long.class);
		List<String> statements = new ArrayList<>();
		boolean[] renamed = { false };
		AuthTokenService service = service(statements, sql -> {
			if (sql.contains("FROM users u WHERE u.id IN") && !renamed[0]) {
				renamed[0] = true;
				this.jdbc.update("UPDATE users SET first_name = 'Grace', last_name = 'Hopper' WHERE id = ?", userId);
			}
		}, new UserNamesCache(100));

		AuthTokenRow first = service.find(FIRST_FIVE, true, false).rows().get(0);

		assertThat(first.fullName()).isEqualTo("Grace Hopper");
		assertThat(statements).hasSize(4);
		assertThat(statements.get(3)).isEqualTo(this.sql.countedRows(FIRST_FIVE).withValuesInline().sql());
	}

	@Test
	void theVersionMovesWithEveryChangeToWhatTheListShowsOfAUserAndOnlyThen() {
		long userId = this.jdbc.queryForObject("SELECT max(user_id) FROM auth_tokens", Long.class);
		assertThat(versionAfter("UPDATE users SET username = 'moved' WHERE id = " + userId)).isEqualTo(1);
		assertThat(versionAfter("UPDATE users SET first_name = 'First' WHERE id = " + userId)).isEqualTo(1);
		assertThat(versionAfter("UPDATE users SET last_name = 'Last' WHERE id = " + userId)).isEqualTo(1);
		assertThat(versionAfter("UPDATE users SET is_active = NOT is_active, email = 'x@example.com' WHERE id = "
				+ userId)).isZero();
		assertThat(versionAfter("INSERT INTO users (username) VALUES ('newcomer')")).isZero();
		assertThat(versionAfter("DELETE FROM users WHERE id = " + userId)).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM auth_tokens WHERE user_id = ?", Long.class, userId))
			.isZero();

		TransactionTemplate rolledBack = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		rolledBack.executeWithoutResult(status -> {
			JdbcTemplate inTransaction = new JdbcTemplate(this.dataSource);
			long before = version(inTransaction);
			inTransaction.execute("TRUNCATE users CASCADE");
			assertThat(version(inTransaction) - before).isEqualTo(1);
			status.setRollbackOnly();
		});
	}

	@Test
	void withoutItsVersionRowThePagesJoinTheirUsersAndLoseNoRow() {
		List<AuthTokenRow> joined = service(new ArrayList<>(), sql -> {
		}, UserNamesCache.off()).find(FIRST_FIVE, true, false).rows();
		List<String> statements = new ArrayList<>();
		AuthTokenService service = service(statements, sql -> {
		}, new UserNamesCache(100));
		this.jdbc.execute("DELETE FROM user_names_version");
		try {
			assertThat(service.find(FIRST_FIVE, true, false).rows()).isEqualTo(joined);
			assertThat(service.find(FIRST_FIVE, false, false).rows()).isEqualTo(joined);
		}
		finally {
			this.jdbc.execute("INSERT INTO user_names_version (singleton, version) VALUES (TRUE, 1000)");
		}
		assertThat(statements).containsExactly(this.sql.userNamesVersionExists().sql(),
				this.sql.countedRows(FIRST_FIVE, AuthTokenQueryBuilder.UserNamesSource.BY_VERSION).withValuesInline().sql(),
				this.sql.countedRows(FIRST_FIVE).withValuesInline().sql(),
				this.sql.rows(FIRST_FIVE, AuthTokenQueryBuilder.UserNamesSource.BY_VERSION).withValuesInline().sql(),
				this.sql.rows(FIRST_FIVE).withValuesInline().sql());
	}

	private long versionAfter(String statement) {
		long before = version(this.jdbc);
		this.jdbc.execute(statement);
		return version(this.jdbc) - before;
	}

	private static long version(JdbcTemplate jdbc) {
		return jdbc.queryForObject("SELECT version FROM user_names_version", Long.class);
	}

	/** A service of its own, over the test's database, recording each statement it prepares after {@code before} it. */
	private AuthTokenService service(List<String> statements, Consumer<String> before, UserNamesCache names) {
		return RecordingAuthTokenService.recording(this.dataSource, this.sql, statements, before, names);
	}

}
