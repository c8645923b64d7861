package dev.tokengate.server;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that never reach either API's code (Tomcat refuses their request line or headers, the firewall their path,
 * nothing serves their path) are answered in JSON, in the format of the API they were meant for: Tomcat answered some
 * with its HTML page and Spring Boot the others with its own error JSON. Each carries the legacy service's headers.
 */
class ContainerErrorsTest extends IntegrationTest {

	/** Longer than Tomcat's default limit on the request line and headers (8 KB). */
	private static final String TOO_LONG = "a".repeat(9000);

	@Test
	void aRequestLineTooLongToReadIsADrfError() {
		RawHttp.Response response = http().get(API + "?search=" + TOO_LONG, ADMIN);
		assertDrfError(response, 400, "Malformed request: the request line is too long or not valid HTTP.");
	}

	@Test
	void aRequestLineThatIsNotHttpIsADrfError() {
		RawHttp.Response badMethod = http().send("G{T", API, List.of(ADMIN), null);
		assertDrfError(badMethod, 400, "Malformed request: the request line is too long or not valid HTTP.");
		RawHttp.Response badProtocol = http().get(API + " x y", ADMIN);
		assertDrfError(badProtocol, 400, "Malformed request.");
	}

	/** Tomcat reuses its processors; one that has just answered HTTP/0.9 must not answer the next 400 that way. */
	@Test
	void aRequestLineThatIsNotHttpAfterAnHttp09RequestStillGetsAStatusLine() {
		for (int i = 0; i < 5; i++) {
			RawHttp.Response http09 = http().sendRaw("GET /\r\n".getBytes(StandardCharsets.US_ASCII), false);
			assertThat(http09.status()).as("HTTP/0.9 answers without a status line").isZero();
			RawHttp.Response badProtocol = http().get(API + " x y", ADMIN);
			assertDrfError(badProtocol, 400, "Malformed request.");
		}
	}

	@Test
	void anotherHttpVersionIsADrfError() {
		// The request line ends in HTTP/2.0; RawHttp's own " HTTP/1.1" lands in a header's value.
		RawHttp.Response response = http().get(API + " HTTP/2.0\r\nX-Ignored: 1", ADMIN);
		assertDrfError(response, 505, "HTTP version not supported.");
	}

	@Test
	void aTransferEncodingTomcatDoesNotImplementIsAnErrorOfTheClient() {
		RawHttp.Response rest = http().get(API, ADMIN, "Transfer-Encoding: gzip");
		assertDrfError(rest, 501, "Transfer-Encoding not supported.");
		RawHttp.Response graphQl = http().get("/graphql?query=%7B__typename%7D", ADMIN, "Transfer-Encoding: gzip");
		assertGraphQlError(graphQl, 501, "BAD_REQUEST", "Transfer-Encoding not supported.");
	}

	@Test
	void aGraphQlGetTooLongToReadHasNoPathToTellItByAndIsADrfError() {
		RawHttp.Response response = http().get("/graphql?query=" + TOO_LONG, ADMIN);
		assertDrfError(response, 400, "Malformed request: the request line is too long or not valid HTTP.");
	}

	@Test
	void headersTooLargeAreAnErrorInTheFormatOfTheApiAsked() {
		assertDrfError(http().get(API, ADMIN, "X-Padding: " + TOO_LONG), 400, "Malformed request.");
		assertGraphQlError(http().get("/graphql?query=%7B__typename%7D", ADMIN, "X-Padding: " + TOO_LONG), 400,
				"BAD_REQUEST", "Malformed request.");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { API + ";jsessionid=1", "/api//users/auth_tokens", "/api/users/../users/auth_tokens",
			API + "%2F", "/api/users%2Fauth_tokens", "/api/users/%2e%2e/users/auth_tokens", API + "%00" })
	void aPathTheFirewallRefusesIsADrfError(String path) {
		assertDrfError(http().get(path, ADMIN), 400, "Malformed request.");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/", "/nothing", "/api/nothing", API + "/1", "/actuator/nothing", "/graphql/x" })
	void aPathNothingServesIsADrfNotFound(String path) {
		assertDrfError(http().get(path, ADMIN), 404, "Not found.");
		assertDrfError(http().get(path), 404, "Not found.");
	}

	@Test
	void anExceptionNothingHandledIsA500WithoutItsStackTrace() {
		RawHttp.Response response = http().get("/test/failing", ADMIN);
		assertDrfError(response, 500, "A server error occurred.");
		assertThat(response.text()).doesNotContain("IllegalStateException", "secret detail");
	}

	/** A handler that fails with an exception no code of the service handles. */
	@TestConfiguration
	static class FailingHandler {

		@Bean
		RouterFunction<ServerResponse> failing() {
			return RouterFunctions.route().GET("/test/failing", request -> {
				throw new IllegalStateException("secret detail");
			}).build();
		}

	}

	private static void assertDrfError(RawHttp.Response response, int status, String detail) {
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.header("Content-Type")).isEqualTo("application/json");
		assertThat(response.text()).isEqualTo("{\"detail\":\"" + detail + "\"}");
		assertLegacyHeaders(response);
	}

	private static void assertGraphQlError(RawHttp.Response response, int status, String classification,
			String message) {
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.header("Content-Type")).isEqualTo("application/json");
		assertThat(JsonPath.<List<Object>>read(response.text(), "$.errors")).hasSize(1);
		assertThat(JsonPath.<String>read(response.text(), "$.errors[0].message")).isEqualTo(message);
		assertThat(JsonPath.<String>read(response.text(), "$.errors[0].extensions.classification"))
			.isEqualTo(classification);
		assertLegacyHeaders(response);
	}

	/** The headers the legacy service sent on every response, once each. */
	private static void assertLegacyHeaders(RawHttp.Response response) {
		assertThat(response.headers().get("x-frame-options")).containsExactly("DENY");
		assertThat(response.headers().get("x-content-type-options")).containsExactly("nosniff");
		assertThat(response.headers().get("referrer-policy")).containsExactly("same-origin");
	}

}
