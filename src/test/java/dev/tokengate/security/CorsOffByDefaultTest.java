package dev.tokengate.security;

import java.util.List;

import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RawHttp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** With no allowed origins configured, no origin is allowed anything, and the legacy OPTIONS answer is unchanged. */
class CorsOffByDefaultTest extends IntegrationTest {

	private static final String ORIGIN = "Origin: https://app.example.com";

	@Test
	void aPreflightGetsNoCorsPermission() {
		for (String path : List.of("/graphql", API)) {
			RawHttp.Response response = http().send("OPTIONS", path, List.of(ORIGIN,
					"Access-Control-Request-Method: POST", "Access-Control-Request-Headers: authorization"), null);
			assertThat(response.header("Access-Control-Allow-Origin")).as(path).isNull();
			assertThat(response.header("Access-Control-Allow-Headers")).as(path).isNull();
		}
	}

	@Test
	void aCrossOriginRequestIsAnsweredWithoutCorsHeaders() {
		RawHttp.Response graphQl = graphQl("{ authTokens { totalCount } }", null, ADMIN, ORIGIN);
		assertThat(graphQl.text()).isEqualTo("{\"data\":{\"authTokens\":{\"totalCount\":5000}}}");
		assertThat(graphQl.header("Access-Control-Allow-Origin")).isNull();
		RawHttp.Response rest = http().get(API + "?limit=1", ADMIN, ORIGIN);
		assertThat(rest.status()).isEqualTo(200);
		assertThat(rest.header("Access-Control-Allow-Origin")).isNull();
		assertThat(rest.header("Vary")).isNull();
	}

	@Test
	void theLegacyOptionsAnswerIsUnchanged() {
		RawHttp.Response response = http().send("OPTIONS", API, List.of(ADMIN, ORIGIN), null);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
		assertThat(response.text()).isEqualTo("{\"name\":\"Auth Token List\",\"description\":\"\","
				+ "\"renders\":[\"application/json\"],\"parses\":[\"application/json\"]}");
	}

}
