package dev.tokengate.operations;

import java.util.List;

import com.jayway.jsonpath.JsonPath;
import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RawHttp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations endpoints: health with liveness and readiness, and Prometheus metrics, open without a token, telling
 * nothing they should not; nothing else of the actuator is exposed.
 */
class OperationsEndpointsTest extends IntegrationTest {

	@Test
	void healthLivenessAndReadinessAreUpWithoutAToken() {
		for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
			RawHttp.Response response = http().get(path);
			assertThat(response.status()).as(path).isEqualTo(200);
			assertThat(JsonPath.<String>read(response.text(), "$.status")).as(path).isEqualTo("UP");
		}
	}

	@Test
	void healthNamesNoComponentsAndNoDetails() {
		String health = http().get("/actuator/health").text();
		assertThat(health).doesNotContain("components").doesNotContain("details").doesNotContain("PostgreSQL");
		assertThat(http().get("/actuator/health/readiness").text()).isEqualTo("{\"status\":\"UP\"}");
	}

	@Test
	void aTokenHeaderOnTheOperationsEndpointsIsNeitherCheckedNorRefused() {
		String unknownKey = "Authorization: Token x0000000000000000000000000000000000nope";
		assertThat(http().get("/actuator/health", unknownKey).status()).isEqualTo(200);
		assertThat(http().get("/actuator/prometheus", "Authorization: Token").status()).isEqualTo(200);
	}

	@Test
	void noOtherActuatorEndpointIsExposed() {
		for (String path : List.of("/actuator/env", "/actuator/beans", "/actuator/configprops", "/actuator/heapdump",
				"/actuator/loggers", "/actuator/metrics", "/actuator/mappings", "/actuator/threaddump")) {
			assertThat(http().get(path, ADMIN).status()).as(path).isEqualTo(404);
		}
	}

	@Test
	void prometheusHasRestAndGraphQlTimingsByRouteAndNoKeyOrQueryString() {
		assertThat(rest("search=" + STAFF_KEY + "&limit=1").status()).isEqualTo(200);
		assertThat(rest("id_min=1&id_max=3").status()).isEqualTo(200);
		assertThat(graphQl("{ authTokens(search: \"" + STAFF_KEY + "\", limit: 1) { totalCount } }", null, ADMIN)
			.status()).isEqualTo(200);

		RawHttp.Response scrape = http().get("/actuator/prometheus");
		assertThat(scrape.status()).isEqualTo(200);
		assertThat(scrape.header("Content-Type")).startsWith("text/plain");
		List<String> series = scrape.text().lines().filter(line -> !line.startsWith("#")).toList();
		assertThat(series).anySatisfy(line -> assertThat(line).startsWith("http_server_requests_seconds_count{")
			.contains("method=\"GET\"")
			.contains("status=\"200\"")
			.contains("uri=\"" + API + "\""));
		assertThat(series).anySatisfy(line -> assertThat(line).startsWith("http_server_requests_seconds_count{")
			.contains("method=\"POST\"")
			.contains("uri=\"/graphql\""));
		assertThat(series).anySatisfy(line -> assertThat(line).startsWith("graphql_request_seconds_count{")
			.contains("graphql_operation_type=\"query\"")
			.contains("graphql_outcome=\"SUCCESS\""));
		assertThat(series).anySatisfy(line -> assertThat(line).startsWith("graphql_datafetcher_seconds_count{")
			.contains("graphql_field_name=\"authTokens\""));
		assertThat(scrape.text()).doesNotContain(STAFF_KEY)
			.doesNotContain(ADMIN_KEY)
			.doesNotContain("search=")
			.doesNotContain("id_min");
	}

}
