package dev.tokengate.token;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import dev.tokengate.support.Await;
import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RawHttp;
import dev.tokengate.support.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests queue for the database in arrival order: with one request allowed at the database at a time, a second one
 * waits for the first and is then answered, or is refused with a 503 once it has queued for the queue timeout. The
 * first request is held at the database by a lock on the tokens table.
 */
@TestPropertySource(properties = { "tokengate.database.max-concurrent-queries=1",
		"tokengate.database.queue-timeout=2s" })
class RequestQueueTest extends IntegrationTest {

	private final ExecutorService clients = Executors.newFixedThreadPool(2);

	@AfterEach
	void stopClients() {
		this.clients.shutdownNow();
	}

	@Test
	void aRequestQueuesBehindTheOneAtTheDatabaseAndIsThenAnswered() throws Exception {
		Future<RawHttp.Response> first;
		Future<RawHttp.Response> second;
		try (Connection lock = lockTokens()) {
			first = this.clients.submit(() -> rest("limit=1"));
			Await.until(() -> TestDatabases.queriesWaitingOnALock(lock) == 1);
			second = this.clients.submit(() -> graphQl("{ authTokens(limit: 1) { totalCount } }", null, ADMIN));
			Await.until(() -> metrics().contains("tokengate_database_queued 1.0"));
			assertThat(first).isNotDone();
			assertThat(second).isNotDone();
			lock.rollback();
		}
		assertThat(first.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
		RawHttp.Response queued = second.get(30, TimeUnit.SECONDS);
		assertThat(queued.status()).isEqualTo(200);
		assertThat(queued.text()).isEqualTo("{\"data\":{\"authTokens\":{\"totalCount\":5000}}}");
		assertThat(metrics()).contains("tokengate_database_queued 0.0").contains("tokengate_database_unreachable 0.0");
	}

	@Test
	void aRequestThatQueuesPastTheQueueTimeoutIsA503InItsCallersFormat() throws Exception {
		Future<RawHttp.Response> first;
		try (Connection lock = lockTokens()) {
			first = this.clients.submit(() -> rest("limit=1"));
			Await.until(() -> TestDatabases.queriesWaitingOnALock(lock) == 1);

			RawHttp.Response rest = rest("limit=1");
			assertThat(rest.status()).isEqualTo(503);
			assertThat(rest.text()).isEqualTo("{\"detail\":\"Service temporarily unavailable, try again later.\"}");
			assertThat(rest.header("Retry-After")).isEqualTo("5");

			RawHttp.Response graphQl = graphQl("{ authTokens(limit: 1) { totalCount } }", null, ADMIN);
			assertThat(graphQl.status()).isEqualTo(503);
			assertThat(JsonPath.<String>read(graphQl.text(), "$.errors[0].extensions.classification"))
				.isEqualTo("SERVICE_UNAVAILABLE");
			assertThat(first).isNotDone();
			lock.rollback();
		}
		assertThat(first.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
		assertThat(rest("limit=1").status()).isEqualTo(200);
	}

	private String metrics() {
		return http().get("/actuator/prometheus").text();
	}

	/** Locks the tokens table in a transaction of the test's own, which rolling back releases. */
	private Connection lockTokens() throws SQLException {
		Connection lock = this.jdbc.getDataSource().getConnection();
		lock.setAutoCommit(false);
		lock.createStatement().execute("LOCK TABLE auth_tokens IN ACCESS EXCLUSIVE MODE");
		return lock;
	}

}
