package dev.tokengate.security;

import java.util.List;

import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RawHttp;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Allowed origins may call both APIs from a browser with the token header; other origins are refused; the legacy
 * OPTIONS answer (not a preflight) stays as it was.
 */
@TestPropertySource(properties = "tokengate.cors.allowed-origins=https://app.example.com,https://admin.example.com")
class CorsConfiguredTest extends IntegrationTest {

	private static final String ALLOWED = "Origin: https://admin.example.com";

	private static final String OTHER = "Origin: https://evil.example.net";

	@Test
	void aPreflightFromAnAllowedOriginIsAllowedTheTokenHeaderWithoutAToken() {
		for (String path : List.of("/graphql", API, API + "/")) {
			RawHttp.Response response = preflight(path, ALLOWED);
			assertThat(response.status()).as(path).isEqualTo(200);
			assertThat(response.header("Access-Control-Allow-Origin")).as(path).isEqualTo("https://admin.example.com");
			assertThat(response.header("Access-Control-Allow-Headers")).as(path)
				.isEqualTo("authorization, content-type");
			assertThat(response.header("Access-Control-Allow-Methods")).as(path).isEqualTo("GET,HEAD,POST");
			assertThat(response.header("Access-Control-Allow-Credentials")).as(path).isNull();
		}
	}

	@Test
	void aPreflightFromAnotherOriginIsRefused() {
		for (String path : List.of("/graphql", API)) {
			RawHttp.Response response = preflight(path, OTHER);
			assertThat(response.status()).as(path).isEqualTo(403);
			assertThat(response.header("Content-Type")).as(path).isEqualTo("application/json");
			assertThat(response.header("Access-Control-Allow-Origin")).as(path).isNull();
		}
	}

	@Test
	void requestsFromAnAllowedOriginAreAnsweredWithItsPermission() {
		RawHttp.Response graphQl = graphQl("{ authTokens { totalCount } }", null, ADMIN, ALLOWED);
		assertThat(graphQl.text()).isEqualTo("{\"data\":{\"authTokens\":{\"totalCount\":5000}}}");
		assertThat(graphQl.header("Access-Control-Allow-Origin")).isEqualTo("https://admin.example.com");
		RawHttp.Response rest = http().get(API + "?limit=1", ADMIN, ALLOWED);
		assertThat(rest.status()).isEqualTo(200);
		assertThat(rest.header("Access-Control-Allow-Origin")).isEqualTo("https://admin.example.com");
	}

	@Test
	void requestsFromAnotherOriginAreRefusedInTheFormatOfTheApiAsked() {
		RawHttp.Response graphQl = graphQl("{ authTokens { totalCount } }", null, ADMIN, OTHER);
		assertThat(graphQl.status()).isEqualTo(403);
		assertThat(graphQl.header("Content-Type")).isEqualTo("application/json");
		assertThat(graphQl.text()).isEqualTo("{\"errors\":[{\"message\":\"You do not have permission to perform this "
				+ "action.\",\"extensions\":{\"classification\":\"FORBIDDEN\"}}]}");
		RawHttp.Response rest = http().get(API + "?limit=1", ADMIN, OTHER);
		assertThat(rest.status()).isEqualTo(403);
		assertThat(rest.header("Content-Type")).isEqualTo("application/json");
		assertThat(rest.text()).isEqualTo("{\"detail\":\"You do not have permission to perform this action.\"}");
		assertThat(rest.header("Access-Control-Allow-Origin")).isNull();
		assertThat(rest.header("Vary")).isEqualTo("Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
	}

	@Test
	void theLegacyOptionsAnswerIsUnchanged() {
		RawHttp.Response response = http().send("OPTIONS", API, List.of(ADMIN), null);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
		assertThat(response.text()).isEqualTo("{\"name\":\"Auth Token List\",\"description\":\"\","
				+ "\"renders\":[\"application/json\"],\"parses\":[\"application/json\"]}");
	}

	private RawHttp.Response preflight(String path, String origin) {
		return http().send("OPTIONS", path, List.of(origin, "Access-Control-Request-Method: GET",
				"Access-Control-Request-Headers: authorization, content-type"), null);
	}

}
