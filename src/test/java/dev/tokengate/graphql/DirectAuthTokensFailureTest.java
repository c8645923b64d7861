package dev.tokengate.graphql;

import java.sql.Connection;
import java.sql.Statement;

import javax.sql.DataSource;

import com.jayway.jsonpath.JsonPath;
import dev.tokengate.security.TokenOwnerCache;
import dev.tokengate.support.Await;
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
 * <p>
 * The admin's key is served from the token cache while the table is locked (its lookup would wait on the lock too), so
 * the requests compared here run only their page's statements: the cache is listening before the first of them, and
 * its entries may be served for an hour.
 */
@Import(StatementCounter.class)
@TestPropertySource(properties = { "tokengate.database.statement-timeout=1s", "tokengate.token-cache.max-age=1h" })
class DirectAuthTokensFailureTest extends IntegrationTest {

	// language=GraphQL
	private static final String DOCUMENT = "{ authTokens(limit: 1) { results { id } } }";

	@Autowired
	private DirectAuthTokens direct;

	@Autowired
	private StatementCounter statements;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private TokenOwnerCache cache;

	@Test
	void aFailedPageIsReportedByGraphQlJavaWithoutAskingTheDatabaseAgain() throws Exception {
		// Until the cache listens, a lookup is not kept: had it begun listening between the first two requests below,
		// the second would look the key up and count one statement more than the failed request (CI saw it once).
		Await.until(this.cache::isListening);
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
