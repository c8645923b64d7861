package dev.tokengate.security;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.tokengate.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every key a caller presents, anywhere (the token header of each kind of caller, query strings, GraphQL documents and
 * variables, bodies that do not parse, cursors), stays out of the log, with the service's and Spring's web and security
 * logging at DEBUG.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = { "logging.level.dev.tokengate=DEBUG", "logging.level.org.springframework.security=DEBUG",
		"logging.level.org.springframework.web=DEBUG", "logging.level.org.springframework.graphql=DEBUG",
		"logging.level.org.apache.coyote=DEBUG" })
class TokenKeysAreNeverLoggedTest extends IntegrationTest {

	private static final List<String> DEMO_KEYS = List.of(ADMIN_KEY, STAFF_KEY, PLAIN_KEY, INACTIVE_KEY);

	@Test
	void noKeyEverReachesTheLog(CapturedOutput output) {
		List<String> keys = new ArrayList<>(DEMO_KEYS);
		for (int i = 0; i < 4; i++) {
			keys.add(randomKey());
		}
		for (String key : keys) {
			callWith(key);
		}
		String log = output.getAll();
		// The capture works and sees the DEBUG lines of the requests above.
		assertThat(log).contains("Mapped to dev.tokengate.rest.AuthTokenListController")
			.contains("Set SecurityContextHolder to anonymous SecurityContext");
		for (String key : keys) {
			assertThat(log).as("the log mentions a key").doesNotContain(key);
		}
	}

	/** Sends the key every way a caller could: as a token of each kind, in query strings, documents and bodies. */
	private void callWith(String key) {
		String token = "Authorization: Token " + key;
		// The token header, in every form the security matrix knows.
		for (String header : List.of(token, "Authorization: token " + key, "Authorization: Bearer " + key,
				"Authorization: Basic " + key, "Authorization: Token " + key + " extra", "Authorization: Token " + key + "x",
				"Authorization: Token " + key.substring(1))) {
			http().get(API + "?limit=1", header);
			graphQl("{ authTokens(limit: 1) { results { id } } }", null, header);
		}
		// In query strings: as a search (a documented use), as filters that are a 400, unknown parameters, the path.
		for (String query : List.of("search=" + key, "limit=1&search=" + key, "id_min=" + key, "created_from=" + key,
				"ordering=" + key, key + "=" + key, "format=" + key, "search=%ZZ" + key, "search=\"" + key)) {
			http().get(API + "?" + query, ADMIN);
			http().get(API + "?" + query, token);
			http().get(API + "?" + query);
		}
		http().get(API + "/" + key, ADMIN);
		http().get(API + "?search=" + key + "\u0001", ADMIN);
		http().get(API + "?search=" + key + " x", ADMIN);
		http().send("POST", API + "?search=" + key, List.of(ADMIN), key.getBytes(StandardCharsets.UTF_8));
		// In GraphQL documents and variables, valid or not, and in bodies that do not parse.
		graphQl("query($s: String) { authTokens(search: $s) { totalCount } }", "{\"s\":\"" + key + "\"}", ADMIN);
		graphQl("query($l: Int) { authTokens(limit: $l) { totalCount } }", "{\"l\":\"" + key + "\"}", ADMIN);
		graphQl("{ authTokens(search: \"" + key + "\") { totalCount } }", null, token);
		graphQl("{ authTokenConnection(after: \"" + key + "\") { totalCount } }", null, ADMIN);
		graphQl("{ authTokens(filter: { createdDate: \"" + key + "\" }) { totalCount } }", null, ADMIN);
		graphQl("{ " + key + " }", null, ADMIN);
		graphQl("{ authTokens(search: " + key + ") { totalCount } }", null, ADMIN);
		for (String body : List.of("{\"query\": " + key + "}", "{\"query\": \"{ authTokens { limit } }\", \"variables\": "
				+ key + "}", key, "[\"" + key + "\"]")) {
			for (String type : List.of("application/json", "application/graphql", "text/plain")) {
				http().send("POST", "/graphql", List.of(ADMIN, "Content-Type: " + type),
						body.getBytes(StandardCharsets.UTF_8));
			}
		}
	}

	private static String randomKey() {
		byte[] bytes = new byte[20];
		new SecureRandom().nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

}
