package dev.tokengate.token;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import com.jayway.jsonpath.JsonPath;
import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RawHttp;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL cancels a list query at the statement timeout, and each API answers it cleanly. To make a query slow for
 * certain, another session holds a lock on the token counter that the unfiltered count reads: the count then waits
 * until the timeout cancels it (the token lookup of the authentication does not touch that table).
 */
@TestPropertySource(properties = "tokengate.database.statement-timeout=1s")
class StatementTimeoutTest extends IntegrationTest {

	@Test
	void aRestQueryCancelledAtTheTimeoutIsA503() throws SQLException {
		try (Connection lock = lockTheTokenCounter()) {
			RawHttp.Response response = rest("limit=1");
			assertThat(response.status()).isEqualTo(503);
			assertThat(response.header("Content-Type")).isEqualTo("application/json");
			assertThat(response.text())
				.isEqualTo("{\"detail\":\"The query took too long and was cancelled; narrow it down and try again.\"}");
		}
		assertThat(JsonPath.<Integer>read(rest("limit=1").text(), "$.count")).isEqualTo(5000);
	}

	@Test
	void aGraphQlQueryCancelledAtTheTimeoutIsATimeoutError() throws SQLException {
		String document = "{ authTokens { totalCount } }";
		try (Connection lock = lockTheTokenCounter()) {
			RawHttp.Response response = graphQl(document, null, ADMIN);
			assertThat(response.status()).isEqualTo(200);
			assertThat(JsonPath.<String>read(response.text(), "$.errors[0].extensions.classification"))
				.isEqualTo("TIMEOUT");
			assertThat(JsonPath.<String>read(response.text(), "$.errors[0].message")).contains("took too long");
			assertThat(response.text()).doesNotContain("Exception").doesNotContain("SQL");
		}
		assertThat(adminGraphQl(document, null).<Integer>read("$.data.authTokens.totalCount")).isEqualTo(5000);
	}

	@Test
	void theUnpaginatedListStreamsUnderTheTimeoutToo() {
		RawHttp.Response response = rest("");
		assertThat(response.status()).isEqualTo(200);
		assertThat(JsonPath.<java.util.List<Object>>read(response.text(), "$")).hasSize(5000);
	}

	/** A session holding an exclusive lock on the counter until it is closed (which rolls its transaction back). */
	private Connection lockTheTokenCounter() throws SQLException {
		Connection connection = this.jdbc.getDataSource().getConnection();
		connection.setAutoCommit(false);
		try (Statement statement = connection.createStatement()) {
			statement.execute("LOCK TABLE auth_token_count IN ACCESS EXCLUSIVE MODE");
		}
		return connection;
	}

}
