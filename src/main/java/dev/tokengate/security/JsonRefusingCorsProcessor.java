package dev.tokengate.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.cors.DefaultCorsProcessor;

/**
 * Spring's CORS checks, with a refusal that is an error like any other: Spring wrote a plain-text "Invalid CORS
 * request"; this sends the 403 as an error, which the server answers in the format of the API asked (DRF's
 * {@code {"detail": ...}} or a GraphQL error classified FORBIDDEN, see {@code dev.tokengate.server}).
 */
final class JsonRefusingCorsProcessor extends DefaultCorsProcessor {

	@Override
	protected void rejectRequest(ServerHttpResponse response) throws IOException {
		HttpServletResponse servletResponse = ((ServletServerHttpResponse) response).getServletResponse();
		servletResponse.sendError(HttpServletResponse.SC_FORBIDDEN);
	}

}
