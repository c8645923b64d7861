package dev.tokengate.console;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RawHttp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GraphiQL console against a real database (not the demo): served from the jar under a strict policy, opening with
 * a placeholder where the key goes, and working in a real browser without any host but the service.
 */
class GraphiQlConsoleTest extends IntegrationTest {

	private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"(/[^\"]+)\"");

	@Test
	void thePageAndEveryAssetItNamesComeFromTheServiceWithAStrictPolicyAndNoKey() {
		RawHttp.Response page = http().get("/graphiql", "Accept: text/html");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.header("Content-Type")).isEqualTo("text/html;charset=UTF-8");
		assertThat(page.header("Content-Security-Policy")).startsWith("default-src 'none'; script-src 'self';");
		assertThat(page.header("Cache-Control")).isEqualTo("no-store");
		assertThat(page.text()).doesNotContain("://").doesNotContain(ADMIN_KEY).doesNotContain(STAFF_KEY)
			.contains("data-authorization=\"\"")
			.contains("data-endpoint=\"/graphql\"");
		Matcher assets = ASSET.matcher(page.text());
		int found = 0;
		while (assets.find()) {
			found++;
			assertThat(http().get(assets.group(1)).status()).as(assets.group(1)).isEqualTo(200);
		}
		assertThat(found).as("React, ReactDOM, GraphiQL, its stylesheet, and the console's script and stylesheet")
			.isEqualTo(6);
	}

	@Test
	void aPersonPastesAStaffKeyIntoTheHeadersAndRunsTheExampleQueryInARealBrowser() {
		String service = "http://127.0.0.1:" + this.port + "/";
		try (GraphiQlPage console = GraphiQlPage.open(service + "graphiql")) {
			assertThat(console.headers()).isEqualTo("{\n  \"Authorization\": \"Token <paste your key>\"\n}");
			assertThat(console.query()).contains("authTokens(limit: 5) {")
				.contains("userData { id username fullName }");

			// Run before the key is pasted: the placeholder is not sent, so the answer is the plain "no token" error.
			assertThat(console.run()).contains("\"classification\": \"UNAUTHORIZED\"").doesNotContain("\"key\"");

			console.setHeaders("{\"Authorization\": \"Token " + STAFF_KEY + "\"}");
			String result = console.run();
			console.screenshot(Path.of("target", "graphiql.png"));

			assertThat(result).contains("\"totalCount\": 5000")
				.contains("\"key\": \"" + ADMIN_KEY + "\"")
				.contains("\"key\": \"" + STAFF_KEY + "\"")
				.contains("\"username\": \"staff\"")
				.doesNotContain("\"errors\"");
			List<String> requests = console.requests();
			assertThat(requests).contains(service + "graphiql", service + "graphql")
				.allSatisfy(url -> assertThat(url).as("every request goes to the service").matches(
						u -> u.startsWith(service) || u.startsWith("data:"), "starts with " + service + " or data:"));
			assertThat(console.errors()).as("exceptions, console errors, policy violations").isEmpty();
		}
	}

}
