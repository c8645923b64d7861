package dev.tokengate.security;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of caller against both APIs: anonymous, the malformed header forms, an unknown key, an inactive user, a
 * plain user, staff and admin.
 */
class SecurityMatrixTest extends IntegrationTest {

	private static final String NOT_PROVIDED = "{\"detail\":\"Authentication credentials were not provided.\"}";

	private static final String NO_CREDENTIALS = "{\"detail\":\"Invalid token header. No credentials provided.\"}";

	private static final String SPACES = "{\"detail\":\"Invalid token header. Token string should not contain spaces.\"}";

	private static final String INVALID_CHARACTERS = "{\"detail\":\"Invalid token header. Token string should not contain invalid characters.\"}";

	private static final String INVALID_TOKEN = "{\"detail\":\"Invalid token.\"}";

	private static final String INACTIVE = "{\"detail\":\"User inactive or deleted.\"}";

	private static final String NO_PERMISSION = "{\"detail\":\"You do not have permission to perform this action.\"}";

	/** What each caller gets: on REST a status and body; on GraphQL a classification, a 401 body, or data. */
	enum Outcome {

		ALLOWED, ANONYMOUS, FORBIDDEN, REJECTED

	}

	static Stream<Arguments> callers() {
		return Stream.of(
				Arguments.of("no Authorization header", null, Outcome.ANONYMOUS, NOT_PROVIDED),
				Arguments.of("Bearer scheme", "Authorization: Bearer " + ADMIN_KEY, Outcome.ANONYMOUS, NOT_PROVIDED),
				Arguments.of("Basic scheme", "Authorization: Basic " + ADMIN_KEY, Outcome.ANONYMOUS, NOT_PROVIDED),
				Arguments.of("empty header", "Authorization: ", Outcome.ANONYMOUS, NOT_PROVIDED),
				Arguments.of("'Token' without a key", "Authorization: Token", Outcome.REJECTED, NO_CREDENTIALS),
				Arguments.of("'Token' and spaces only", "Authorization: Token   ", Outcome.REJECTED, NO_CREDENTIALS),
				Arguments.of("a key with a space", "Authorization: Token a b", Outcome.REJECTED, SPACES),
				Arguments.of("a key that is not UTF-8", "Authorization: Token \u00ff\u00fe", Outcome.REJECTED,
						INVALID_CHARACTERS),
				Arguments.of("an unknown key", "Authorization: Token x0000000000000000000000000000000000nope",
						Outcome.REJECTED, INVALID_TOKEN),
				Arguments.of("a key of the wrong length", "Authorization: Token " + ADMIN_KEY + "x", Outcome.REJECTED,
						INVALID_TOKEN),
				Arguments.of("an inactive user's key", "Authorization: Token " + INACTIVE_KEY, Outcome.REJECTED, INACTIVE),
				Arguments.of("a plain user's key", "Authorization: Token " + PLAIN_KEY, Outcome.FORBIDDEN, NO_PERMISSION),
				Arguments.of("a staff user's key", "Authorization: Token " + STAFF_KEY, Outcome.ALLOWED, null),
				Arguments.of("the admin's key", ADMIN, Outcome.ALLOWED, null),
				Arguments.of("the admin's key, lowercase scheme", "Authorization: token " + ADMIN_KEY, Outcome.ALLOWED,
						null),
				Arguments.of("the admin's key, upper-case scheme and a tab", "Authorization: TOKEN\t" + ADMIN_KEY,
						Outcome.ALLOWED, null));
	}

	@ParameterizedTest(name = "REST: {0}")
	@MethodSource("callers")
	void restAnswersEachCallerAsTheLegacyServiceDid(String caller, String header, Outcome outcome, String body) {
		RawHttp.Response response = http().get(API + "?limit=1", headers(header));
		switch (outcome) {
			case ALLOWED -> {
				assertThat(response.status()).isEqualTo(200);
				assertThat(JsonPath.<Integer>read(response.text(), "$.count")).isEqualTo(5000);
			}
			case ANONYMOUS, REJECTED -> {
				assertThat(response.status()).isEqualTo(401);
				assertThat(response.header("WWW-Authenticate")).isEqualTo("Token");
				assertThat(response.text()).isEqualTo(body);
			}
			case FORBIDDEN -> {
				assertThat(response.status()).isEqualTo(403);
				assertThat(response.header("WWW-Authenticate")).isNull();
				assertThat(response.text()).isEqualTo(body);
			}
		}
		assertThat(response.header("Content-Type")).isEqualTo("application/json");
		assertThat(response.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
		assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
		assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(response.header("Referrer-Policy")).isEqualTo("same-origin");
	}

	@ParameterizedTest(name = "GraphQL: {0}")
	@MethodSource("callers")
	void graphQlAnswersEachCallerAsTheContractSays(String caller, String header, Outcome outcome, String body) {
		// language=GraphQL
		String query = "{ authTokens(limit: 1) { totalCount results { id } } }";
		RawHttp.Response response = graphQl(query, null, headers(header));
		switch (outcome) {
			case ALLOWED -> {
				assertThat(response.status()).isEqualTo(200);
				assertThat(JsonPath.<Integer>read(response.text(), "$.data.authTokens.totalCount")).isEqualTo(5000);
				assertThat(JsonPath.<String>read(response.text(), "$.data.authTokens.results[0].id")).isEqualTo("1");
			}
			case ANONYMOUS -> assertGraphQlError(response, "authTokens", "UNAUTHORIZED");
			case FORBIDDEN -> assertGraphQlError(response, "authTokens", "FORBIDDEN");
			case REJECTED -> {
				assertThat(response.status()).isEqualTo(401);
				assertThat(response.header("WWW-Authenticate")).isEqualTo("Token");
				assertThat(response.header("Content-Type")).isEqualTo("application/json");
				assertThat(response.text()).isEqualTo(body);
			}
		}
	}

	@ParameterizedTest(name = "GraphQL connection: {0}")
	@MethodSource("callers")
	void theConnectionIsGuardedLikeTheList(String caller, String header, Outcome outcome, String body) {
		// language=GraphQL
		String query = "{ authTokenConnection(first: 1) { edges { node { id } } } }";
		RawHttp.Response response = graphQl(query, null, headers(header));
		switch (outcome) {
			case ALLOWED -> assertThat(JsonPath.<String>read(response.text(),
					"$.data.authTokenConnection.edges[0].node.id")).isEqualTo("1");
			case ANONYMOUS -> assertGraphQlError(response, "authTokenConnection", "UNAUTHORIZED");
			case FORBIDDEN -> assertGraphQlError(response, "authTokenConnection", "FORBIDDEN");
			case REJECTED -> {
				assertThat(response.status()).isEqualTo(401);
				assertThat(response.text()).isEqualTo(body);
			}
		}
	}

	@Test
	void theSchemaCanBeIntrospectedWithoutAToken() {
		// language=GraphQL
		RawHttp.Response response = graphQl("{ __schema { queryType { fields { name } } } }", null);
		assertThat(response.status()).isEqualTo(200);
		assertThat(JsonPath.<List<String>>read(response.text(), "$.data.__schema.queryType.fields[*].name"))
			.containsExactlyInAnyOrder("authTokens", "authTokenConnection");
	}

	@Test
	void contentNegotiationComesBeforeAuthentication() {
		RawHttp.Response response = http().get(API, "Accept: text/html");
		assertThat(response.status()).isEqualTo(406);
		assertThat(response.text()).isEqualTo("{\"detail\":\"Could not satisfy the request Accept header.\"}");
	}

	@Test
	void authenticationComesBeforeTheMethodCheck() {
		RawHttp.Response anonymous = http().send("POST", API, List.of(), null);
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.text()).isEqualTo(NOT_PROVIDED);
		RawHttp.Response plain = http().send("DELETE", API, List.of("Authorization: Token " + PLAIN_KEY), null);
		assertThat(plain.status()).isEqualTo(403);
		RawHttp.Response options = http().send("OPTIONS", API, List.of(), null);
		assertThat(options.status()).isEqualTo(401);
	}

	@Test
	void everyOtherMethodIsNotAllowedForStaff() {
		for (String method : List.of("POST", "PUT", "PATCH", "DELETE", "PURGE")) {
			RawHttp.Response response = http().send(method, API, List.of(ADMIN), null);
			assertThat(response.status()).as(method).isEqualTo(405);
			assertThat(response.text()).isEqualTo("{\"detail\":\"Method \\\"" + method + "\\\" not allowed.\"}");
			assertThat(response.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
		}
	}

	private static void assertGraphQlError(RawHttp.Response response, String field, String classification) {
		assertThat(response.status()).isEqualTo(200);
		String body = response.text();
		assertThat(JsonPath.<String>read(body, "$.errors[0].extensions.classification")).isEqualTo(classification);
		assertThat(JsonPath.<List<String>>read(body, "$.errors[0].path")).containsExactly(field);
		assertThat(body).doesNotContain("\"key\"");
	}

	private static String[] headers(String header) {
		List<String> headers = new ArrayList<>();
		if (header != null) {
			headers.add(header);
		}
		return headers.toArray(String[]::new);
	}

}
