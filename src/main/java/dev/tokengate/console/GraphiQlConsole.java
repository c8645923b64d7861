package dev.tokengate.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import dev.tokengate.embedded.DemoData;
import dev.tokengate.embedded.EmbeddedPostgresServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.util.StreamUtils;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.util.HtmlUtils;

/**
 * Serves the GraphiQL console page from the jar, in place of Spring for GraphQL's own page, which loads its scripts
 * from a CDN: this route is ordered before Spring's GraphQL routes (order 0), so it answers at the same path.
 * {@code spring.graphql.graphiql.enabled} switches both off (the path is then a 404).
 *
 * <p>The Headers editor opens with {@code Authorization: Token <paste your key>}, or, with the embedded demo database,
 * with the demo admin key (public: it is printed at start-up). A real database's keys never appear in the page.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("spring.graphql.graphiql.enabled")
public class GraphiQlConsole {

	/**
	 * Nothing but the service's own scripts, styles and endpoint; the page may hold an admin token. GraphiQL's fonts
	 * and icons are data URIs inside its stylesheet.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; font-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
			+ "frame-ancestors 'none'";

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	RouterFunction<ServerResponse> graphiQlConsoleRoute(@Value("${spring.graphql.graphiql.path:/graphiql}") String path,
			@Value("${spring.graphql.http.path:/graphql}") String graphQlPath,
			ObjectProvider<EmbeddedPostgresServer> demoDatabase) {
		String template = read("templates/graphiql.html");
		// Empty: the page shows a placeholder to replace with a key.
		String authorization = (demoDatabase.getIfAvailable() != null) ? "Token " + DemoData.ADMIN_KEY : "";
		return RouterFunctions.route().GET(path, request -> {
			String context = HtmlUtils.htmlEscape(request.servletRequest().getContextPath());
			String page = template.replace("{{context}}", context)
				.replace("{{endpoint}}", context + HtmlUtils.htmlEscape(graphQlPath))
				.replace("{{authorization}}", HtmlUtils.htmlEscape(authorization));
			return ServerResponse.ok()
				.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
				.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
				.header("Cache-Control", "no-store")
				.body(page);
		}).build();
	}

	private static String read(String resource) {
		try {
			return StreamUtils.copyToString(new ClassPathResource(resource).getInputStream(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
