package dev.tokengate;

import com.jayway.jsonpath.JsonPath;
import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RawHttp;
import dev.tokengate.support.TestDatabases;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** While the database is away, callers get a clean 503 in their own format, and service resumes by itself. */
class DatabaseOutageTest extends IntegrationTest {

	@Test
	void aStoppedDatabaseGivesA503AndServiceResumesWhenItIsBack() {
		assertThat(rest("limit=1").status()).isEqualTo(200);
		TestDatabases.server().stop();
		try {
			RawHttp.Response rest = rest("limit=1");
			assertThat(rest.status()).isEqualTo(503);
			assertThat(rest.header("Content-Type")).isEqualTo("application/json");
			assertThat(rest.text()).isEqualTo("{\"detail\":\"Service temporarily unavailable, try again later.\"}");
			assertThat(rest.header("Retry-After")).isEqualTo("5");

			RawHttp.Response graphQl = graphQl("{ authTokens(limit: 1) { totalCount } }", null, ADMIN);
			assertThat(graphQl.status()).isEqualTo(503);
			assertThat(JsonPath.<String>read(graphQl.text(), "$.errors[0].extensions.classification"))
				.isEqualTo("SERVICE_UNAVAILABLE");
			assertThat(graphQl.text()).doesNotContain("Exception").doesNotContain("SQL");
		}
		finally {
			TestDatabases.server().restart();
		}
		// Connections broken by the outage are dropped as they fail; the pool then reconnects on its own.
		RawHttp.Response after = rest("limit=1");
		for (int attempt = 0; attempt < 20 && after.status() != 200; attempt++) {
			assertThat(after.status()).isEqualTo(503);
			pause();
			after = rest("limit=1");
		}
		assertThat(after.status()).isEqualTo(200);
		assertThat(JsonPath.<Integer>read(after.text(), "$.count")).isEqualTo(5000);
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
