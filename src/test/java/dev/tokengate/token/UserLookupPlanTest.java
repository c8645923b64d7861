package dev.tokengate.token;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import dev.tokengate.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a list row's user is found, on the connections the service reads from: through the users' hash index on id (V7),
 * which PostgreSQL prefers to the primary key's b-tree for a lookup by equality, and without a Memoize cache in front of
 * it (the connections start with Memoize off: a page's rows are mostly of different users). The migration and the
 * configuration give the benchmarks that made each worth having.
 */
class UserLookupPlanTest extends IntegrationTest {

	private static final List<AuthTokenOrder> NEWEST_FIRST = List
		.of(new AuthTokenOrder(AuthTokenOrderField.CREATED_AT, SortDirection.DESC));

	@Autowired
	AuthTokenQueryBuilder sql;

	@Autowired
	ReadDatabase reads;

	@BeforeEach
	void analyze() {
		this.jdbc.execute("ANALYZE users");
		this.jdbc.execute("ANALYZE auth_tokens");
	}

	@Test
	void theRowsOfAnIdRangeFindTheirUsersThroughTheHashIndex() {
		AuthTokenFilter range = new AuthTokenFilter(2000L, 2100L, null, null, null, null, null, null);
		AuthTokenQuery query = new AuthTokenQuery(range, AuthTokenSearch.NONE,
				List.of(new AuthTokenOrder(AuthTokenOrderField.ID, SortDirection.DESC)),
				new AuthTokenPageRequest.Keyset(AuthTokenService.STREAM_BATCH, false, null, null));

		String plan = explainLookingUsersUpOneByOne(this.sql.rows(query));

		assertThat(plan).contains("Index Scan using users_id_hash_idx on users");
		assertThat(plan).doesNotContain("users_pkey");
	}

	@Test
	void aFirstPageLooksEachUserUpWithoutAMemoizeCache() {
		AuthTokenQuery query = new AuthTokenQuery(AuthTokenFilter.NONE, AuthTokenSearch.NONE, NEWEST_FIRST,
				new AuthTokenPageRequest.Offset(50, 0));

		String plan = explainLookingUsersUpOneByOne(this.sql.countedRows(query));

		assertThat(plan).contains("Index Scan using users_id_hash_idx on users");
		assertThat(plan).doesNotContain("Memoize");
	}

	/**
	 * The plan of a statement on a connection the service reads from, with the joins that read every user (cheaper
	 * than lookups for this test's 1,000 users, not for a real table) switched off, so that the planner is asked how it
	 * looks one user up.
	 */
	private String explainLookingUsersUpOneByOne(SqlStatement parameterised) {
		SqlStatement statement = parameterised.withValuesInline();
		JdbcTemplate service = this.reads.jdbc();
		return service.execute((ConnectionCallback<String>) connection -> {
			try (Statement settings = connection.createStatement()) {
				settings.execute("SET enable_hashjoin = off");
				settings.execute("SET enable_mergejoin = off");
			}
			StringBuilder plan = new StringBuilder();
			try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + statement.sql())) {
				Object[] parameters = statement.parameterArray();
				for (int i = 0; i < parameters.length; i++) {
					explain.setObject(i + 1, parameters[i]);
				}
				try (ResultSet rows = explain.executeQuery()) {
					while (rows.next()) {
						plan.append(rows.getString(1)).append('\n');
					}
				}
			}
			finally {
				try (Statement settings = connection.createStatement()) {
					settings.execute("RESET enable_hashjoin");
					settings.execute("RESET enable_mergejoin");
				}
			}
			return plan.toString();
		});
	}

}
