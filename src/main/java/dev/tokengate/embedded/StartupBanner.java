package dev.tokengate.embedded;

import java.io.PrintStream;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Prints, once the service is ready, where to call it; with the embedded demo database also the demo admin token and
 * a curl command that works as pasted. Printed on the console, never logged: the demo key is public, but logs of a
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
		boolean demo = event.getApplicationContext().getBeanNamesForType(EmbeddedPostgresServer.class).length > 0;
		print(System.out, base, demo, this.environment.getProperty("spring.graphql.graphiql.enabled", Boolean.class, false));
	}

	static void print(PrintStream out, String base, boolean demo, boolean graphiql) {
		StringBuilder banner = new StringBuilder("\n");
		banner.append("  Tokengate is ready\n");
		banner.append("  REST      ").append(base).append("/api/users/auth_tokens\n");
		banner.append("  GraphQL   ").append(base).append("/graphql\n");
		if (graphiql) {
			banner.append("  GraphiQL  ").append(base).append("/graphiql\n");
		}
		if (demo) {
			banner.append("  Demo admin token (embedded demo database): ").append(DemoData.ADMIN_KEY).append('\n');
			banner.append("  Try:  curl -H 'Authorization: Token ").append(DemoData.ADMIN_KEY).append("' '")
				.append(base).append("/api/users/auth_tokens?limit=2'\n");
		}
		out.println(banner);
	}

}
