package dev.tokengate.server;

import org.apache.catalina.Container;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Makes {@link ContainerErrorValve} the host's error report valve, in place of the one Spring Boot adds (an HTML page
 * without details) and of the one Tomcat would add (an HTML page with them). Spring Boot's error page ({@code /error})
 * is off (see {@code TokengateApplication}), so every error nobody wrote a body for reaches this valve.
 * <p>
 * The connector is {@link RecycleSafeHttp11Protocol}, so that an unreadable request line is always answered with a
 * status line and headers, whatever the request before it on the same processor was.
 * <p>
 * Ordered last, so that it runs after Spring Boot's own customizer has added its valve.
 */
@Configuration(proxyBeanMethods = false)
public class ContainerErrorConfig implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	private final String graphQlPath;

	public ContainerErrorConfig(@Value("${spring.graphql.http.path:/graphql}") String graphQlPath) {
		this.graphQlPath = graphQlPath;
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.setProtocol(RecycleSafeHttp11Protocol.class.getName());
		factory.addContextCustomizers(context -> {
			Container host = context.getParent();
			Pipeline pipeline = host.getPipeline();
			for (Valve valve : pipeline.getValves()) {
				if (valve instanceof ErrorReportValve) {
					pipeline.removeValve(valve);
				}
			}
			pipeline.addValve(new ContainerErrorValve(this.graphQlPath));
			if (host instanceof StandardHost standardHost) {
				standardHost.setErrorReportValveClass(ContainerErrorValve.class.getName());
			}
		});
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
