package dev.tokengate.graphql;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
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
 * <p>
 * A GET carries the request in its query string ({@code query}, {@code operationName}, and {@code variables} and
 * {@code extensions} as JSON), as GraphQL over HTTP and the contract allow; Spring Boot serves POST only (a GET was a
 * 405). Such a GET is checked the same way and then served as the JSON POST it stands for, so limits, errors,
 * authorization and the response are a POST's. The schema has no mutation, so a GET can only read.
 * <p>
 * Every other refusal is a GraphQL error too: another method is a 405 with {@code Allow: GET, POST}; a POST body that
 * is not JSON, or an {@code Accept} header that allows no JSON, a 415 (Spring answered them with a 404 and empty 415s).
 * <p>
 * A request that passes these checks and that {@link DirectAuthTokens} can answer is answered there; all others go on
 * to Spring GraphQL.
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

	/** The parameters of a GET request, as GraphQL over HTTP names them. */
	private static final List<String> GET_PARAMETERS = List.of("query", "operationName", "variables", "extensions");

	private final JsonMapper json = JsonMapper.builder().build();

	private final String path;

	private final DirectAuthTokens direct;

	public GraphQlRequestBodyFilter(@Value("${spring.graphql.http.path:/graphql}") String path,
			DirectAuthTokens direct) {
		this.path = path;
		this.direct = direct;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().equals(request.getContextPath() + this.path);
	}

	/** Whether Spring GraphQL reads the body, by its own test: a content type that one of the two types includes. */
	private static boolean isJson(HttpServletRequest request) {
		try {
			if (request.getContentType() == null) {
				return false;
			}
			MediaType type = MediaType.parseMediaType(request.getContentType());
			return MediaType.APPLICATION_JSON.includes(type) || GRAPHQL.includes(type);
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getMethod().equals("GET")) {
			servedAsPost(request, response, chain);
			return;
		}
		if (!request.getMethod().equals("POST")) {
			// Spring GraphQL maps GET and POST only, and answered any other method with a 404.
			response.setHeader(HttpHeaders.ALLOW, "GET, POST");
			refuse(response, 405, "only GET and POST are allowed");
			return;
		}
		if (!isJson(request)) {
			// Spring GraphQL answered these with an empty 415.
			response.setHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
			refuse(response, 415, "the Content-Type must be application/json");
			return;
		}
		// Read at most one byte past the limit: a huge body is refused without being held in memory.
		byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
		if (body.length > MAX_BODY_BYTES) {
			refuse(response, 413, "the body is larger than " + MAX_BODY_BYTES + " bytes");
			return;
		}
		JsonNode parsed;
		try {
			parsed = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			refuse(response, 400, "the body is not JSON");
			return;
		}
		String problem = problem(parsed);
		if (problem != null) {
			refuse(response, 400, problem);
			return;
		}
		if (this.direct.serve(request, response, parsed)) {
			return;
		}
		chain.doFilter(new BufferedBody(request, body), response);
		explainUnacceptable(response);
	}

	/**
	 * Spring GraphQL answers an {@code Accept} header that allows neither JSON type with an empty 415 (the content type
	 * was checked before): the error says why.
	 */
	private static void explainUnacceptable(HttpServletResponse response) throws IOException {
		if (response.getStatus() == 415 && !response.isCommitted()) {
			refuse(response, 415, "the Accept header must allow application/json or application/graphql-response+json");
		}
	}

	/** A GET's query string as the JSON body of the POST it stands for, checked like a POST's body. */
	private void servedAsPost(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Map<String, List<String>> parameters = queryParameters(request.getQueryString());
		if (parameters == null) {
			refuse(response, 400, "the query string is not percent-encoded UTF-8");
			return;
		}
		if (!parameters.containsKey("query")) {
			refuse(response, 400, "a GET needs a 'query' parameter");
			return;
		}
		ObjectNode post = this.json.createObjectNode();
		for (String name : GET_PARAMETERS) {
			List<String> values = parameters.getOrDefault(name, List.of());
			if (values.isEmpty()) {
				continue;
			}
			if (values.size() > 1) {
				refuse(response, 400, "'" + name + "' is given more than once");
				return;
			}
			if (name.equals("variables") || name.equals("extensions")) {
				JsonNode value;
				try {
					value = this.json.readTree(values.get(0));
				}
				catch (JacksonException ex) {
					refuse(response, 400, "'" + name + "' must be a JSON object");
					return;
				}
				// As problem() checks a POST's body; an empty value is no value.
				if (!isAbsentOr(value, JsonNode::isObject) && !value.isMissingNode()) {
					refuse(response, 400, "'" + name + "' must be an object");
					return;
				}
				post.set(name, value);
			}
			else {
				post.put(name, values.get(0));
			}
		}
		// Nothing may keep the answer: it lists token keys (a POST's is never cached; a GET's could be).
		response.setHeader("Cache-Control", "no-store");
		if (this.direct.serve(request, response, post)) {
			return;
		}
		// Built from strings and checked objects: a POST body problem() would accept, so it is not parsed again.
		byte[] body = this.json.writeValueAsBytes(post);
		chain.doFilter(new GetAsPost(request, body), response);
		explainUnacceptable(response);
	}

	/**
	 * The parameters of a query string, or null if one is not percent-encoded UTF-8. Read here rather than through the
	 * servlet request, which answers a malformed escape with Spring Boot's error page instead of a GraphQL error.
	 */
	static Map<String, List<String>> queryParameters(String queryString) {
		Map<String, List<String>> parameters = new LinkedHashMap<>();
		if (queryString == null || queryString.isEmpty()) {
			return parameters;
		}
		for (String pair : queryString.split("&", -1)) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode(equals < 0 ? pair : pair.substring(0, equals));
			String value = decode(equals < 0 ? "" : pair.substring(equals + 1));
			if (name == null || value == null) {
				return null;
			}
			parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
		}
		return parameters;
	}

	/** A percent-encoded component ({@code +} for a space), or null if an escape or the UTF-8 it spells is broken. */
	private static String decode(String component) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(component.length());
		for (int i = 0; i < component.length(); i++) {
			char c = component.charAt(i);
			if (c == '%') {
				int high = i + 2 < component.length() ? Character.digit(component.charAt(i + 1), 16) : -1;
				int low = high < 0 ? -1 : Character.digit(component.charAt(i + 2), 16);
				if (low < 0) {
					return null;
				}
				bytes.write(high * 16 + low);
				i += 2;
			}
			else if (c == '+') {
				bytes.write(' ');
			}
			else if (c < 0x80) {
				bytes.write(c);
			}
			else {
				// Tomcat hands raw bytes over as ISO-8859-1 characters.
				bytes.write(c & 0xFF);
			}
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes.toByteArray()))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	private static void refuse(HttpServletResponse response, int status, String problem) throws IOException {
		byte[] error = ("{\"errors\":[{\"message\":\"Not a GraphQL request: " + problem
				+ "\",\"extensions\":{\"classification\":\"BAD_REQUEST\"}}]}").getBytes(StandardCharsets.UTF_8);
		DrfResponses.write(response, status, error);
	}

	/** What is wrong with the body as a GraphQL request (a fixed text, never the body itself), or null. */
	private static String problem(JsonNode request) {
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

	/** A GET served as the JSON POST of its query string's request. */
	private static final class GetAsPost extends BufferedBody {

		GetAsPost(HttpServletRequest request, byte[] body) {
			super(request, body);
		}

		@Override
		public String getMethod() {
			return "POST";
		}

		@Override
		public String getContentType() {
			return MediaType.APPLICATION_JSON_VALUE;
		}

		@Override
		public String getHeader(String name) {
			return name.equalsIgnoreCase("Content-Type") ? getContentType() : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return name.equalsIgnoreCase("Content-Type") ? Collections.enumeration(List.of(getContentType()))
					: super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			Set<String> names = new LinkedHashSet<>(Collections.list(super.getHeaderNames()));
			names.add("Content-Type");
			return Collections.enumeration(names);
		}

		@Override
		public String getCharacterEncoding() {
			return StandardCharsets.UTF_8.name();
		}

		// The query string is the body now; asking the servlet container for its parameters would parse it again,
		// and a malformed one would end in Spring Boot's error page.

		@Override
		public String getParameter(String name) {
			return null;
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			return Map.of();
		}

		@Override
		public Enumeration<String> getParameterNames() {
			return Collections.emptyEnumeration();
		}

		@Override
		public String[] getParameterValues(String name) {
			return null;
		}

	}

	/** The request with its body already read. */
	private static class BufferedBody extends HttpServletRequestWrapper {

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

		/**
		 * None: the GraphQL request is the body. Spring GraphQL builds the request's URI with its query string and
		 * fails with a 500 on a character Tomcat lets through raw (such as {@code [}).
		 */
		@Override
		public String getQueryString() {
			return null;
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
