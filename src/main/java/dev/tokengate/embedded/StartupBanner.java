package dev.tokengate.embedded;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Prints, once the service is ready, where to call it; with demo data (the embedded database, or a seed) also the demo
 * admin token and a curl command that works as pasted. Printed on the console, never logged: the demo key is public, but logs of a
 * token gateway carry no keys at all.
 */
@Component
public class StartupBanner implements ApplicationListener<ApplicationReadyEvent> {

	private final Environment environment;

	public StartupBanner(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		if (!(event.getApplicationContext() instanceof WebServerApplicationContext web) || web.getWebServer() == null) {
			return;
		}
		String base = "http://localhost:" + web.getWebServer().getPort();
		boolean demo = event.getApplicationContext().getBeanNamesForType(EmbeddedPostgresServer.class).length > 0
				|| this.environment.getProperty("tokengate.seed", Integer.class, 0) != 0;
		print(System.out, base, places(), demo);
	}

	/** What is served where: label and path, the optional ones only when enabled. */
	private Map<String, String> places() {
		Map<String, String> places = new LinkedHashMap<>();
		places.put("REST", "/api/users/auth_tokens");
		places.put("GraphQL", "/graphql");
		if (enabled("spring.graphql.graphiql.enabled", false)) {
			places.put("GraphiQL", this.environment.getProperty("spring.graphql.graphiql.path", "/graphiql"));
		}
		if (enabled("springdoc.api-docs.enabled", true)) {
			places.put("OpenAPI", this.environment.getProperty("springdoc.api-docs.path", "/v3/api-docs"));
			if (enabled("springdoc.swagger-ui.enabled", true)) {
				places.put("Swagger", this.environment.getProperty("springdoc.swagger-ui.path", "/swagger-ui.html"));
			}
		}
		return places;
	}

	/** A switch, with the default its library gives it. */
	private boolean enabled(String property, boolean byDefault) {
		return this.environment.getProperty(property, Boolean.class, byDefault);
	}

	static void print(PrintStream out, String base, Map<String, String> places, boolean demo) {
		StringBuilder banner = new StringBuilder("\n");
		banner.append("  Tokengate is ready\n");
		places.forEach((label, path) -> banner.append("  ").append(String.format("%-10s", label)).append(base)
			.append(path).append('\n'));
		if (demo) {
			banner.append("  Demo admin token (demo data): ").append(DemoData.ADMIN_KEY).append('\n');
			banner.append("  Try:  curl -H 'Authorization: Token ").append(DemoData.ADMIN_KEY).append("' '")
				.append(base).append("/api/users/auth_tokens?limit=2'\n");
		}
		out.println(banner);
	}

}
