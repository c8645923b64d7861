package dev.tokengate.token;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import dev.tokengate.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each list row's user is found through the users' hash index on id (V7), which PostgreSQL prefers to the primary
 * key's b-tree for a lookup by equality; the migration gives the benchmark that made it worth having.
 */
class UserLookupPlanTest extends IntegrationTest {

	@Autowired
	AuthTokenQueryBuilder sql;

	@Test
	void theRowsOfAnIdRangeFindTheirUsersThroughTheHashIndex() {
		this.jdbc.execute("ANALYZE users");
		this.jdbc.execute("ANALYZE auth_tokens");
		AuthTokenFilter range = new AuthTokenFilter(2000L, 2100L, null, null, null, null, null, null);
		AuthTokenQuery query = new AuthTokenQuery(range, AuthTokenSearch.NONE,
				List.of(new AuthTokenOrder(AuthTokenOrderField.ID, SortDirection.DESC)),
				new AuthTokenPageRequest.Keyset(AuthTokenService.STREAM_BATCH, false, null, null));

		String plan = explain(this.sql.rows(query).withValuesInline());

		assertThat(plan).contains("Index Scan using users_id_hash_idx on users");
		assertThat(plan).doesNotContain("users_pkey");
	}

	/**
	 * The plan of a statement, with the joins that read every user (fine for this test's 1,000 users, not for a
	 * real table) switched off, so that the planner is asked how it looks one user up.
	 */
	private String explain(SqlStatement statement) {
		return this.jdbc.execute((ConnectionCallback<String>) connection -> {
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
