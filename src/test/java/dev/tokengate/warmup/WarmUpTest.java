package dev.tokengate.warmup;

import java.util.List;

import dev.tokengate.support.Await;
import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service warms itself up after start-up: readiness is OUT_OF_SERVICE meanwhile (the whole health and liveness are
 * UP) while requests are served, every kind of request it sends is answered as a caller's would be, and its staff
 * token never reaches the log (at DEBUG).
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = { "tokengate.warm-up.duration=8s", "logging.level.dev.tokengate=DEBUG",
		"logging.level.org.springframework.security=DEBUG", "logging.level.org.springframework.web=DEBUG",
		"logging.level.org.springframework.graphql=DEBUG", "logging.level.org.apache.coyote=DEBUG" })
class WarmUpTest extends IntegrationTest {

	@Autowired
	private WarmUp warmUp;

	@Test
	void readinessWaitsForTheWarmUpWhichSendsEveryKindOfRequestAndLogsNoKey(CapturedOutput output) throws Exception {
		assertThat(this.warmUp.isWarming()).isTrue();
		RawHttp.Response warming = http().get("/actuator/health/readiness");
		assertThat(warming.status()).isEqualTo(503);
		assertThat(warming.text()).isEqualTo("{\"status\":\"OUT_OF_SERVICE\"}");
		assertThat(http().get("/actuator/health/liveness").status()).isEqualTo(200);
		// The whole health is UP: only readiness waits for the warm-up.
		RawHttp.Response health = http().get("/actuator/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.text()).contains("\"status\":\"UP\"");
		assertThat(rest("limit=1").status()).isEqualTo(200);

		Await.until(() -> !this.warmUp.isWarming());

		RawHttp.Response ready = http().get("/actuator/health/readiness");
		assertThat(ready.status()).isEqualTo(200);
		assertThat(ready.text()).isEqualTo("{\"status\":\"UP\"}");
		assertThat(this.warmUp.answeredRequests()).containsOnlyKeys("REST first page", "REST dates", "REST offset",
				"REST id range", "REST search", "GraphQL first page", "GraphQL id range", "GraphQL search",
				"GraphQL connection", "GraphQL connection after");
		assertThat(this.warmUp.answeredRequests().values()).allSatisfy(n -> assertThat(n).isPositive());
		String log = output.getAll();
		assertThat(log).contains("Warm-up done: ").doesNotContain("Warm-up stopped")
			// The capture sees the warm-up's requests at DEBUG.
			.contains("Mapped to dev.tokengate.rest.AuthTokenListController");
		for (String key : List.of(ADMIN_KEY, STAFF_KEY)) {
			assertThat(log).as("the log mentions a staff key").doesNotContain(key);
		}
	}

}
