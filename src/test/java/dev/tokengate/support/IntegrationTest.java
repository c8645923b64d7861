package dev.tokengate.support;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The base of the tests that run the whole service over real PostgreSQL: each test class starts the service on a
 * random port, on its own fresh copy of the test database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class IntegrationTest {

	public static final String ADMIN_KEY = "a0000000000000000000000000000000000admin";

	public static final String STAFF_KEY = "s0000000000000000000000000000000000staff";

	public static final String PLAIN_KEY = "p0000000000000000000000000000000000plain";

	public static final String INACTIVE_KEY = "g00000000000000000000000000000000000gone";

	public static final String ADMIN = "Authorization: Token " + ADMIN_KEY;

	public static final String API = "/api/users/auth_tokens";

	@LocalServerPort
	protected int port;

	@Autowired
	protected JdbcTemplate jdbc;

	@DynamicPropertySource
	static void freshDatabase(DynamicPropertyRegistry registry) {
		TestDatabases.usePrimary(registry, TestDatabases::freshDatabaseUrl);
	}

	protected RawHttp http() {
		return new RawHttp(this.port);
	}

	/** A GET of the legacy endpoint as the demo admin. */
	protected RawHttp.Response rest(String query) {
		return http().get(API + (query.isEmpty() ? "" : "?" + query), ADMIN);
	}

	/** POSTs a GraphQL document with variables (a JSON object, or null) and the given header lines. */
	protected RawHttp.Response graphQl(String document, String variablesJson, String... headers) {
		String body = "{\"query\":" + jsonString(document)
				+ (variablesJson == null ? "" : ",\"variables\":" + variablesJson) + "}";
		List<String> all = new java.util.ArrayList<>(List.of(headers));
		all.add("Content-Type: application/json");
		return http().send("POST", "/graphql", all, body.getBytes(StandardCharsets.UTF_8));
	}

	/** A GraphQL query as the demo admin, parsed. */
	protected DocumentContext adminGraphQl(String document, String variablesJson) {
		return JsonPath.parse(graphQl(document, variablesJson, ADMIN).text());
	}

	public static String jsonString(String value) {
		StringBuilder out = new StringBuilder("\"");
		for (char c : value.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.append('"').toString();
	}

}
