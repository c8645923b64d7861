package dev.tokengate.embedded;

import com.jayway.jsonpath.JsonPath;
import dev.tokengate.console.GraphiQlPage;
import dev.tokengate.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first run of a newcomer: no datasource configured, so the service starts its own PostgreSQL, migrates it, loads
 * the demo data and prints a curl command that works.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tokengate.embedded.data-dir=target/first-run/${random.uuid}/pgdata",
				"tokengate.embedded.install-dir=target/embedded-postgres", "tokengate.demo.users=50",
				"tokengate.demo.tokens=300" })
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class FirstRunTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void withoutADatasourceTheEmbeddedDatabaseIsMigratedAndFilledWithDemoData() {
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM auth_tokens", Integer.class)).isEqualTo(300);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM users", Integer.class)).isEqualTo(50);
		assertThat(this.jdbc.queryForObject("SELECT username FROM users u JOIN auth_tokens t ON t.user_id = u.id "
				+ "WHERE t.key = ?", String.class, DemoData.ADMIN_KEY)).isEqualTo("admin");
	}

	@Test
	void theBannerPrintsTheUrlsTheDemoTokenAndACurlCommandThatWorks(CapturedOutput output) {
		String base = "http://localhost:" + this.port;
		assertThat(output.getOut()).contains("REST      " + base + "/api/users/auth_tokens")
			.contains("GraphQL   " + base + "/graphql")
			.contains("GraphiQL  " + base + "/graphiql")
			.contains("OpenAPI   " + base + "/v3/api-docs")
			.contains("Swagger   " + base + "/swagger-ui.html")
			.contains(DemoData.ADMIN_KEY);
		String curl = output.getOut().lines().filter(l -> l.contains("curl ")).findFirst().orElseThrow();
		String header = curl.substring(curl.indexOf("-H '") + 4, curl.indexOf("' '"));
		String url = curl.substring(curl.indexOf("' '") + 3, curl.lastIndexOf('\''));
		RawHttp.Response response = new RawHttp(this.port).get(url.substring(base.length()), header);
		assertThat(response.status()).isEqualTo(200);
		assertThat(JsonPath.<Integer>read(response.text(), "$.count")).isEqualTo(300);
		assertThat(JsonPath.<String>read(response.text(), "$.results[0].key")).isEqualTo(DemoData.ADMIN_KEY);
	}

	@Test
	void theConsoleOpensWithTheDemoAdminKeyAndRunsTheExampleAsItIs() {
		try (GraphiQlPage console = GraphiQlPage.open("http://127.0.0.1:" + this.port + "/graphiql")) {
			assertThat(console.headers()).isEqualTo("{\n  \"Authorization\": \"Token " + DemoData.ADMIN_KEY + "\"\n}");
			assertThat(console.run()).contains("\"totalCount\": 300").contains("\"key\": \"" + DemoData.ADMIN_KEY + "\"");
			assertThat(console.errors()).isEmpty();
		}
	}

}
