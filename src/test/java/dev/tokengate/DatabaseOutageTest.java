package dev.tokengate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import com.jayway.jsonpath.JsonPath;
import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RawHttp;
import dev.tokengate.support.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While the database is away, callers get a clean 503 in their own format, health and readiness say DOWN while
 * liveness stays UP, no request hangs, and service resumes by itself when the database is back.
 */
class DatabaseOutageTest extends IntegrationTest {

	/** Not a speed target: the bound past which a request counts as hanging (the pool gives up after 3 s). */
	private static final Duration ANSWER_BOUND = Duration.ofSeconds(15);

	private static final String OUTAGE_DOCUMENT = "{ authTokens(limit: 1) { totalCount } }";

	private final ExecutorService callers = Executors.newFixedThreadPool(16);

	@AfterEach
	void stopCallers() {
		this.callers.shutdownNow();
	}

	@Test
	void aStoppedDatabaseGivesA503AndServiceResumesWhenItIsBack() {
		assertThat(rest("limit=1").status()).isEqualTo(200);
		assertThat(health("/actuator/health/readiness").status()).isEqualTo(200);
		// Answered once by graphql-java, the document is then answered directly (DirectAuthTokens): in the outage its
		// failure is handed back to graphql-java, which must report it as it reports its own.
		assertThat(graphQl(OUTAGE_DOCUMENT, null, ADMIN).status()).isEqualTo(200);
		TestDatabases.server().stop();
		try {
			RawHttp.Response rest = answered(() -> rest("limit=1"));
			assertThat(rest.status()).isEqualTo(503);
			assertThat(rest.header("Content-Type")).isEqualTo("application/json");
			assertThat(rest.text()).isEqualTo("{\"detail\":\"Service temporarily unavailable, try again later.\"}");
			assertThat(rest.header("Retry-After")).isEqualTo("5");

			// A burst of callers does not queue behind one another's timeouts: one request tries the database while
			// the others are refused at once (QueryGate), so every one of them is answered within the bound.
			List<CompletableFuture<RawHttp.Response>> burst = IntStream.range(0, 16)
				.mapToObj(i -> CompletableFuture.supplyAsync(() -> answered(() -> rest("limit=1")), this.callers))
				.toList();
			assertThat(burst).allSatisfy(caller -> assertThat(caller.join().status()).isEqualTo(503));

			RawHttp.Response graphQl = answered(() -> graphQl(OUTAGE_DOCUMENT, null, ADMIN));
			assertThat(graphQl.status()).isEqualTo(503);
			assertThat(JsonPath.<String>read(graphQl.text(), "$.errors[0].extensions.classification"))
				.isEqualTo("SERVICE_UNAVAILABLE");
			assertThat(graphQl.text()).doesNotContain("Exception").doesNotContain("SQL");

			assertDown(health("/actuator/health"));
			assertDown(health("/actuator/health/readiness"));
			// A token header makes no difference: health answers for itself, it is not the REST 503.
			assertDown(answered(() -> http().get("/actuator/health", ADMIN)));
			assertUp(health("/actuator/health/liveness"));
		}
		finally {
			TestDatabases.server().restart();
		}
		// Connections broken by the outage are dropped as they fail; the pool then reconnects on its own.
		RawHttp.Response after = untilUp(() -> rest("limit=1"));
		assertThat(JsonPath.<Integer>read(after.text(), "$.count")).isEqualTo(5000);
		assertUp(untilUp(() -> health("/actuator/health/readiness")));
		assertUp(untilUp(() -> health("/actuator/health")));
		assertUp(health("/actuator/health/liveness"));
	}

	private RawHttp.Response health(String path) {
		return answered(() -> http().get(path));
	}

	/** Sends a request and checks it was answered within the bound: no thread is left waiting on the database. */
	private static RawHttp.Response answered(Supplier<RawHttp.Response> request) {
		long start = System.nanoTime();
		RawHttp.Response response = request.get();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(ANSWER_BOUND);
		return response;
	}

	/** Repeats a request (each answered within the bound) while it is a 503, for at most about five seconds. */
	private static RawHttp.Response untilUp(Supplier<RawHttp.Response> request) {
		RawHttp.Response response = answered(request);
		for (int attempt = 0; attempt < 20 && response.status() != 200; attempt++) {
			assertThat(response.status()).isEqualTo(503);
			pause();
			response = answered(request);
		}
		assertThat(response.status()).isEqualTo(200);
		return response;
	}

	private static void assertDown(RawHttp.Response health) {
		assertThat(health.status()).isEqualTo(503);
		assertThat(JsonPath.<String>read(health.text(), "$.status")).isEqualTo("DOWN");
	}

	private static void assertUp(RawHttp.Response health) {
		assertThat(health.status()).isEqualTo(200);
		assertThat(JsonPath.<String>read(health.text(), "$.status")).isEqualTo("UP");
	}

	private static void pause() {
		try {
			Thread.sleep(250);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
