package dev.tokengate.graphql;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import dev.tokengate.rest.DrfResponses;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A JSON POST to the GraphQL endpoint whose body is not a GraphQL request (not JSON, not an object, a {@code query}
 * that is not a string, {@code variables} that are not an object) is a 400 with a GraphQL error classified
 * {@code BAD_REQUEST}, as GraphQL over HTTP answers it. Left to Spring, such a body got Spring Boot's error page
 * instead of a GraphQL error, the body {@code null} a 500, and the parse error, an excerpt of the body included (where a
 * token key may be), was logged.
 */
@Component
public class GraphQlRequestBodyFilter extends OncePerRequestFilter {

	/** The legacy GraphQL content type, whose body Spring GraphQL reads as JSON too. */
	private static final MediaType GRAPHQL = MediaType.parseMediaType("application/graphql");

	/**
	 * The largest body read: far above the largest document the limits let through (16 KiB by default) with its
	 * variables, and small enough that no body can fill the heap.
	 */
	static final int MAX_BODY_BYTES = 1024 * 1024;

	private final JsonMapper json = JsonMapper.builder().build();

	private final String path;

	public GraphQlRequestBodyFilter(@Value("${spring.graphql.http.path:/graphql}") String path) {
		this.path = path;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getMethod().equals("POST")
				|| !request.getRequestURI().equals(request.getContextPath() + this.path) || !isJson(request);
	}

	/** Only the bodies Spring reads as JSON are checked; it answers other content types with a 415. */
	private static boolean isJson(HttpServletRequest request) {
		try {
			if (request.getContentType() == null) {
				return false;
			}
			MediaType type = MediaType.parseMediaType(request.getContentType());
			return MediaType.APPLICATION_JSON.isCompatibleWith(type) || GRAPHQL.isCompatibleWith(type);
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		// Read at most one byte past the limit: a huge body is refused without being held in memory.
		byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
		if (body.length > MAX_BODY_BYTES) {
			refuse(response, 413, "the body is larger than " + MAX_BODY_BYTES + " bytes");
			return;
		}
		String problem = problem(body);
		if (problem != null) {
			refuse(response, 400, problem);
			return;
		}
		chain.doFilter(new BufferedBody(request, body), response);
	}

	private static void refuse(HttpServletResponse response, int status, String problem) throws IOException {
		byte[] error = ("{\"errors\":[{\"message\":\"Not a GraphQL request: " + problem
				+ "\",\"extensions\":{\"classification\":\"BAD_REQUEST\"}}]}").getBytes(StandardCharsets.UTF_8);
		DrfResponses.write(response, status, error);
	}

	/** What is wrong with the body as a GraphQL request (a fixed text, never the body itself), or null. */
	private String problem(byte[] body) {
		JsonNode request;
		try {
			request = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			return "the body is not JSON";
		}
		if (request != null && request.isArray()) {
			return "batched requests (a JSON array) are not supported; send one JSON object per request";
		}
		if (request == null || !request.isObject()) {
			return "the body must be a JSON object";
		}
		if (!request.path("query").isString()) {
			return "'query' must be a string";
		}
		if (!isAbsentOr(request.get("operationName"), JsonNode::isString)) {
			return "'operationName' must be a string";
		}
		if (!isAbsentOr(request.get("variables"), JsonNode::isObject)) {
			return "'variables' must be an object";
		}
		if (!isAbsentOr(request.get("extensions"), JsonNode::isObject)) {
			return "'extensions' must be an object";
		}
		return null;
	}

	private static boolean isAbsentOr(JsonNode node, java.util.function.Predicate<JsonNode> valid) {
		return node == null || node.isNull() || valid.test(node);
	}

	/** The request with its body already read. */
	private static final class BufferedBody extends HttpServletRequestWrapper {

		private final byte[] body;

		BufferedBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {
				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body is already read");
				}
			};
		}

		@Override
		public BufferedReader getReader() {
			String encoding = getCharacterEncoding();
			return new BufferedReader(new InputStreamReader(getInputStream(),
					encoding == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding)));
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

	}

}
