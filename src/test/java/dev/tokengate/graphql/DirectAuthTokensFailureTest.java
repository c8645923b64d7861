package dev.tokengate.graphql;

import java.sql.Connection;
import java.sql.Statement;

import javax.sql.DataSource;

import com.jayway.jsonpath.JsonPath;
import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RawHttp;
import dev.tokengate.support.StatementCounter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page that fails on the direct path (here: cancelled at the statement timeout, behind a lock) is reported by
 * graphql-java exactly as graphql-java reports its own failures, and the database is not asked a second time.
 */
@Import(StatementCounter.class)
@TestPropertySource(properties = "tokengate.database.statement-timeout=1s")
class DirectAuthTokensFailureTest extends IntegrationTest {

	// language=GraphQL
	private static final String DOCUMENT = "{ authTokens(limit: 1) { results { id } } }";

	@Autowired
	private DirectAuthTokens direct;

	@Autowired
	private StatementCounter statements;

	@Autowired
	private DataSource dataSource;

	@Test
	void aFailedPageIsReportedByGraphQlJavaWithoutAskingTheDatabaseAgain() throws Exception {
		assertThat(graphQl(DOCUMENT, null, ADMIN).status()).isEqualTo(200);
		long served = this.direct.served();
		long before = this.statements.count();
		assertThat(graphQl(DOCUMENT, null, ADMIN).status()).isEqualTo(200);
		long perRequest = this.statements.count() - before;
		assertThat(this.direct.served()).isEqualTo(served + 1);

		try (Connection locker = this.dataSource.getConnection(); Statement lock = locker.createStatement()) {
			locker.setAutoCommit(false);
			lock.execute("LOCK TABLE auth_tokens IN ACCESS EXCLUSIVE MODE");
			before = this.statements.count();
			RawHttp.Response failed = graphQl(DOCUMENT, null, ADMIN);
			assertThat(this.statements.count() - before).as("statements of the failed request").isEqualTo(perRequest);
			assertThat(this.direct.served()).isEqualTo(served + 1);
			assertThat(JsonPath.<String>read(failed.text(), "$.errors[0].extensions.classification")).isEqualTo("TIMEOUT");
			assertThat(JsonPath.<java.util.List<String>>read(failed.text(), "$.errors[0].path"))
				.containsExactly("authTokens");
			locker.rollback();
		}
		assertThat(graphQl(DOCUMENT, null, ADMIN).status()).isEqualTo(200);
		assertThat(this.direct.served()).isEqualTo(served + 2);
	}

}
