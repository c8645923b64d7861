package dev.tokengate.graphql;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JSON body that is not a GraphQL request is a 400 with a GraphQL error classified BAD_REQUEST, never Spring Boot's
 * error page or a 500 (the body {@code null} was one). Another content type, an Accept header without JSON and another
 * method are refused with a GraphQL error that says why.
 */
class GraphQlRequestBodyTest extends IntegrationTest {

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "null", "", "{", "[]", "\"query\"", "42", "{}", "{\"query\":null}", "{\"query\":42}",
			"{\"query\":[\"{ authTokens { limit } }\"]}", "{\"query\":\"{ authTokens { limit } }\",\"variables\":\"limit\"}",
			"{\"query\":\"{ authTokens { limit } }\",\"variables\":[1]}",
			"{\"query\":\"{ authTokens { limit } }\",\"operationName\":42}",
			"{\"query\":\"{ authTokens { limit } }\",\"extensions\":true}" })
	void aBodyThatIsNotAGraphQlRequestIsABadRequest(String body) {
		assertNotAGraphQlRequest(post(body));
	}

	@Test
	void aBodyOverOneMebibyteIsRefusedUnread() {
		String padding = " ".repeat(GraphQlRequestBodyFilter.MAX_BODY_BYTES);
		RawHttp.Response response = post("{\"query\":\"{ __typename }\"}" + padding);
		assertThat(response.status()).isEqualTo(413);
		assertThat(JsonPath.<String>read(response.text(), "$.errors[0].extensions.classification"))
			.isEqualTo("BAD_REQUEST");
		assertThat(post("{\"query\":\"{ __typename }\"}" + padding.substring(100)).status()).isEqualTo(200);
	}

	@Test
	void theLegacyGraphQlContentTypeIsCheckedToo() {
		RawHttp.Response response = http().send("POST", "/graphql", List.of(ADMIN, "Content-Type: application/graphql"),
				"null".getBytes(StandardCharsets.UTF_8));
		assertThat(response.status()).isEqualTo(400);
		assertThat(JsonPath.<String>read(response.text(), "$.errors[0].extensions.classification"))
			.isEqualTo("BAD_REQUEST");
	}

	@Test
	void aGraphQlRequestPassesWithItsBodyIntact() {
		RawHttp.Response response = post("{\"query\":\"query($l: Int) { authTokens(limit: $l) { limit } }\","
				+ "\"variables\":{\"l\":7},\"operationName\":null,\"extensions\":{}}");
		assertThat(response.status()).isEqualTo(200);
		assertThat(JsonPath.<Integer>read(response.text(), "$.data.authTokens.limit")).isEqualTo(7);
	}

	@Test
	void aQueryStringBesideTheBodyIsIgnoredEvenWithRawCharacters() {
		RawHttp.Response response = http().send("POST", "/graphql?x=[1]&y={%7C}", List.of(ADMIN,
				"Content-Type: application/json"), "{\"query\":\"{ authTokens(limit: 3) { limit } }\"}".getBytes(
						StandardCharsets.UTF_8));
		assertThat(response.status()).isEqualTo(200);
		assertThat(JsonPath.<Integer>read(response.text(), "$.data.authTokens.limit")).isEqualTo(3);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "", "Content-Type: text/plain", "Content-Type: application/x-www-form-urlencoded",
			"Content-Type: application/*", "Content-Type: */*" })
	void aBodyOfAnotherTypeIsUnsupportedWhateverItsQueryString(String contentType) {
		List<String> headers = contentType.isEmpty() ? List.of(ADMIN) : List.of(ADMIN, contentType);
		RawHttp.Response response = http().send("POST", "/graphql?x=[1]&query={__typename}", headers,
				"{\"query\":\"{ __typename }\"}".getBytes(StandardCharsets.UTF_8));
		assertRefused(response, 415, "Not a GraphQL request: the Content-Type must be application/json");
		assertThat(response.header("Accept")).isEqualTo("application/json");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "text/html", "application/xml", "image/png, text/plain" })
	void anAcceptHeaderThatAllowsNoJsonIsUnsupportedWithAReason(String accept) {
		String reason = "Not a GraphQL request: the Accept header must allow application/json or "
				+ "application/graphql-response+json";
		RawHttp.Response post = http().send("POST", "/graphql",
				List.of(ADMIN, "Content-Type: application/json", "Accept: " + accept),
				"{\"query\":\"{ __typename }\"}".getBytes(StandardCharsets.UTF_8));
		assertRefused(post, 415, reason);
		assertRefused(http().get("/graphql?query=%7B__typename%7D", ADMIN, "Accept: " + accept), 415, reason);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "application/json", "application/graphql-response+json", "*/*", "application/*",
			"text/html, */*;q=0.8" })
	void anAcceptHeaderThatAllowsJsonIsServed(String accept) {
		RawHttp.Response response = http().get("/graphql?query=%7B__typename%7D", ADMIN, "Accept: " + accept);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.text()).isEqualTo("{\"data\":{\"__typename\":\"Query\"}}");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "PUT", "DELETE", "PATCH", "OPTIONS", "PURGE" })
	void anotherMethodIsNotAllowed(String method) {
		RawHttp.Response response = http().send(method, "/graphql", List.of(ADMIN, "Content-Type: application/json"),
				"{\"query\":\"{ __typename }\"}".getBytes(StandardCharsets.UTF_8));
		assertRefused(response, 405, "Not a GraphQL request: only GET and POST are allowed");
		assertThat(response.header("Allow")).isEqualTo("GET, POST");
	}

	@Test
	void aHeadIsNotAllowedAndHasNoBody() {
		RawHttp.Response response = http().send("HEAD", "/graphql?query=%7B__typename%7D", List.of(ADMIN), null);
		assertThat(response.status()).isEqualTo(405);
		assertThat(response.header("Allow")).isEqualTo("GET, POST");
		assertThat(response.body()).isEmpty();
	}

	@Test
	void aRejectedTokenIsStillA401BeforeTheBodyIsRead() {
		RawHttp.Response response = http().send("POST", "/graphql",
				List.of("Authorization: Token x0000000000000000000000000000000000nope", "Content-Type: application/json"),
				"null".getBytes(StandardCharsets.UTF_8));
		assertThat(response.status()).isEqualTo(401);
	}

	/** The answer to a request that is not one GraphQL request: a 400 with a GraphQL error classified BAD_REQUEST. */
	static void assertNotAGraphQlRequest(RawHttp.Response response) {
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("Content-Type")).isEqualTo("application/json");
		assertThat(JsonPath.<List<String>>read(response.text(), "$.errors[*].extensions.classification"))
			.containsExactly("BAD_REQUEST");
		assertThat(JsonPath.<String>read(response.text(), "$.errors[0].message")).startsWith("Not a GraphQL request: ");
	}

	private static void assertRefused(RawHttp.Response response, int status, String message) {
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.header("Content-Type")).isEqualTo("application/json");
		assertThat(JsonPath.<List<String>>read(response.text(), "$.errors[*].extensions.classification"))
			.containsExactly("BAD_REQUEST");
		assertThat(JsonPath.<String>read(response.text(), "$.errors[0].message")).isEqualTo(message);
	}

	private RawHttp.Response post(String body) {
		return http().send("POST", "/graphql", List.of(ADMIN, "Content-Type: application/json"),
				body.getBytes(StandardCharsets.UTF_8));
	}

}
