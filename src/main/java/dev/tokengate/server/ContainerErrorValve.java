package dev.tokengate.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.tokengate.rest.DrfResponses;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's error report as JSON: what answers an error no code of ours wrote a body for (Tomcat refusing a request line
 * or headers, the firewall refusing a path, no handler, an exception nothing handled). Requests to the GraphQL endpoint
 * get a GraphQL error with a classification, all others DRF's {@code {"detail": ...}}: see {@link ContainerErrors}.
 * Nothing of the request is echoed, since a token key may be in it. Each carries the legacy service's
 * {@code X-Frame-Options}, {@code X-Content-Type-Options} and {@code Referrer-Policy}, like every other response.
 * <p>
 * Installed as the host's only error report valve by {@link ContainerErrorConfig}; Tomcat would otherwise add its own,
 * which writes an HTML page.
 */
public class ContainerErrorValve extends ErrorReportValve {

	private final String graphQlPath;

	/** For Tomcat, which may instantiate the host's error report valve by its class name; it finds this one in place. */
	public ContainerErrorValve() {
		this("/graphql");
	}

	ContainerErrorValve(String graphQlPath) {
		this.graphQlPath = graphQlPath;
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		// As Tomcat's valve: only an error status whose body nobody wrote, reported once.
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(true);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		String uri = request.getRequestURI();
		String message = ContainerErrors.message(status, uri != null && !uri.isEmpty());
		String body = isGraphQl(uri, request.getContextPath()) ? ContainerErrors.graphQl(status, message)
				: ContainerErrors.drf(message);
		try {
			response.setContentType(DrfResponses.CONTENT_TYPE);
			// The legacy service's headers, which Spring Security writes on every response that reaches it.
			response.setHeader("X-Frame-Options", "DENY");
			response.setHeader("X-Content-Type-Options", "nosniff");
			response.setHeader("Referrer-Policy", "same-origin");
			PrintWriter writer = response.getReporter();
			if (writer != null) {
				writer.write(body);
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone, or the response could not be written: there is no one left to answer.
		}
	}

	/** A request line Tomcat could not read has no path: such a request gets DRF's format. */
	private boolean isGraphQl(String uri, String contextPath) {
		return uri != null && uri.equals(contextPath + this.graphQlPath);
	}

}
