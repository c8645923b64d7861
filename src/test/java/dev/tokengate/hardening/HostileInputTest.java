package dev.tokengate.hardening;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import dev.tokengate.rest.DrfQueryString;
import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of random and hostile requests against the running service: no input breaks it. Every REST answer is a
 * documented status with a JSON body in DRF's shape, every GraphQL answer data or errors that carry a classification,
 * every error to a raw request (any method, target, version or headers) JSON in one of the two; no answer is a 500 or
 * shows a stack trace or SQL, and the database is unchanged afterwards.
 *
 * <p>The generator is seeded: a failure names its seed, and {@code -Dtokengate.fuzz.seed=<seed>} replays it
 * ({@code tokengate.fuzz.rest}, {@code tokengate.fuzz.graphql} and {@code tokengate.fuzz.raw} set the number of
 * requests).
 */
class HostileInputTest extends IntegrationTest {

	private static final long SEED = Long.getLong("tokengate.fuzz.seed", System.nanoTime());

	private static final int REST_REQUESTS = Integer.getInteger("tokengate.fuzz.rest", 3000);

	private static final int GRAPHQL_REQUESTS = Integer.getInteger("tokengate.fuzz.graphql", 1500);

	private static final int RAW_REQUESTS = Integer.getInteger("tokengate.fuzz.raw", 600);

	/** Concurrent clients sending the requests. */
	private static final int CLIENTS = 4;

	/** Text that only a leaked exception, stack trace or SQL statement would put into a body. */
	private static final List<String> LEAKS = List.of("Exception", "\tat ", "at dev.", "at java.", "at org.",
			"org.springframework", "org.postgresql", "java.lang", "java.sql", "PSQL", "SQL", "syntax error", "ERROR:",
			"Caused by", "auth_tokens", "user_id", "LIKE upper", "SELECT ", "Hint:", "Position:", "postgres");

	/** How the GraphiQL console's page begins: the one answer that is HTML, which HTTP/0.9 sends without a status. */
	private static final String GRAPHIQL_PAGE = "<!DOCTYPE html>\n<!-- Tokengate's GraphiQL console.";

	private static final List<String> FILTER_FIELDS = List.of("id_min", "id_max", "created_date", "updated_date",
			"created_from", "created_to", "updated_from", "updated_to");

	private static final List<String> ITEM_FIELDS = List.of("id", "key", "user_data", "created_at", "updated_at");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Accept headers whose outcome is known: acceptable ones, then ones that are a 406. */
	private static final List<String> ACCEPTED = List.of("application/json", "*/*", "application/*",
			"text/html, application/json;q=0.1", "APPLICATION/JSON; charset=utf-8", "text/plain, */*");

	private static final List<String> NOT_ACCEPTED = List.of("text/html", "application/xml", "image/png",
			"application/jsonx", "json", "text/*");

	private final List<String> failures = new ArrayList<>();

	private final Map<String, Integer> outcomes = new TreeMap<>();

	private String databaseBefore;

	/** Who calls, and what the legacy endpoint answers them when nothing else comes first. */
	enum Caller {

		STAFF, PLAIN, ANONYMOUS, REJECTED

	}

	@BeforeEach
	void fingerprintTheDatabase() {
		this.databaseBefore = databaseFingerprint();
	}

	@AfterEach
	void theDatabaseIsUnchanged() {
		assertThat(databaseFingerprint()).as("row counts and checksums of users and auth_tokens")
			.isEqualTo(this.databaseBefore);
	}

	@Test
	void noQueryStringBreaksTheRestEndpoint() {
		fuzz("REST", REST_REQUESTS, new HostileValues(new Random(SEED)), this::restCase);
	}

	@Test
	void noDocumentOrVariablesBreakGraphQl() {
		HostileValues values = new HostileValues(new Random(SEED));
		GraphQlDocuments documents = new GraphQlDocuments(values, realCursors());
		fuzz("GraphQL", GRAPHQL_REQUESTS, values, generator -> graphQlCase(generator, documents));
	}

	/**
	 * A request line that is not HTTP (a raw space or control character in the target, a target beyond Tomcat's 8 KB) is
	 * refused by Tomcat before any filter runs; the answer is still DRF's JSON, and shows nothing of the request.
	 */
	@Test
	void aRequestLineThatIsNotHttpIsRefusedWithADrfError() {
		for (String target : List.of(API + "?search=a b", API + "?search=\u0001", API + "?search=\u007f",
				API + "?search=" + "a".repeat(9000))) {
			RawHttp.Response response = http().send("GET", target, List.of(ADMIN), null);
			assertThat(response.status()).as(target).isEqualTo(400);
			assertThat(response.header("Content-Type")).as(target).isEqualTo("application/json");
			assertThat(response.text()).as(target).startsWith("{\"detail\":\"Malformed request");
		}
	}

	@Test
	void noRawRequestIsAnsweredWithAnythingButJson() {
		fuzz("raw HTTP", RAW_REQUESTS, new HostileValues(new Random(SEED)), this::rawCase);
	}

	// Raw HTTP

	/**
	 * A request assembled byte by byte: any method, a target with the paths and characters the container and the
	 * firewall refuse, any protocol version, malformed and oversized headers.
	 */
	private Runnable rawCase(HostileValues values) {
		String method = values.pick(List.of("GET", "GET", "GET", "POST", "HEAD", "PUT", "OPTIONS", "G{T", "get", "",
				values.randomAscii(3)));
		String target = values.pick(List.of(API, API, API + "/", "/graphql", "/graphql", "/", "/graphiql", "/nothing",
				"/actuator/health", "*", "http://127.0.0.1" + API, ""))
				+ values.pick(List.of("", "", "?limit=1", "?search=" + values.encode(values.text(3)), "?" + values.text(2),
						";jsessionid=1", "/..", "/../x", "//", "%2f", "%2e%2e/", "%00", "%zz", "/%c0%ae",
						"?query=" + values.encode("{ authTokens(limit: 1) { limit } }"), "a".repeat(9000)));
		String version = values.pick(List.of("HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/1.1 x",
				"HTTP/9", "", "http/1.1"));
		List<String> headers = new ArrayList<>();
		headers.add(values.chance(0.9) ? "Host: 127.0.0.1" : values.pick(List.of("Host: a b", "Host:", "Host: \u00e9",
				"Host: [::1", "Host: 127.0.0.1\r\nHost: other")));
		if (values.chance(0.7)) {
			headers.add(ADMIN);
		}
		int extra = values.random().nextInt(4);
		for (int i = 0; i < extra; i++) {
			headers.add(values.pick(List.of("X-Padding: " + "a".repeat(9000), "X-Control: \u0001", "Bad Name: 1",
					": nameless", "Content-Length: abc", "Content-Length: -1", "Transfer-Encoding: gzip",
					"Accept: text/html", "Content-Type: text/plain", "Content-Type: application/json", "X-Text: "
							+ values.text(2).replace("\r", "").replace("\n", ""),
					"Expect: 100-continue", "Authorization: Token " + values.text(1).replace("\r", "").replace("\n", ""))));
		}
		String text = method + " " + target + (version.isEmpty() ? "" : " " + version) + "\r\n"
				+ String.join("\r\n", headers) + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
		byte[] request = text.getBytes(StandardCharsets.UTF_8);
		String description = abbreviate(text);
		// Tomcat reads a request line without a protocol as HTTP/0.9, and answers it with the body alone: a line that
		// ends (at a CR or LF, which the target may hold) before its third word.
		String requestLine = text.split("[\r\n]", 2)[0];
		boolean http09 = Arrays.stream(requestLine.split(" ")).filter(word -> !word.isEmpty()).count() < 3;
		return () -> {
			RawHttp.Response response = http().sendRaw(request, method.equals("HEAD"));
			if (response == null) {
				count("raw: closed without an answer");
				return;
			}
			count("raw " + response.status());
			checkRaw(description, method, http09, response);
		};
	}

	private void checkRaw(String request, String method, boolean http09, RawHttp.Response response) {
		int status = response.status();
		if (status == 0 && !http09) {
			fail(request, response, "an HTTP/0.9 answer (no status line) to a request with a protocol");
			return;
		}
		// Tomcat's 501 (a Transfer-Encoding it does not implement) and 505 (another HTTP version) are the client's.
		if (status >= 500 && status != 501 && status != 503 && status != 505) {
			fail(request, response, "status");
			return;
		}
		if (status != 0 && status < 400 || method.equals("HEAD") || response.body().length == 0
				|| status == 0 && response.text().startsWith(GRAPHIQL_PAGE)) {
			return;
		}
		// An HTTP/0.9 answer (status 0) is the body alone.
		expect(status == 0 || "application/json".equals(response.header("Content-Type")), request, response,
				"Content-Type " + response.header("Content-Type"));
		checkNoLeak(request, response.text(), response);
		JsonNode body = parse(request, response);
		if (body == null) {
			return;
		}
		boolean drf = body.isObject() && !body.isEmpty() && !body.has("errors");
		boolean graphQl = body.path("errors").isArray() && !body.path("errors").isEmpty();
		expect(drf || graphQl, request, response, "neither a DRF error nor GraphQL errors");
		body.path("errors").forEach(error -> expect(error.path("message").isString()
				&& !error.path("extensions").path("classification").asString("").isEmpty(), request, response,
				"a GraphQL error without a message or classification"));
	}

	// REST

	/** A request drawn from the generator, and the checks of its answer, to run later. */
	private Runnable restCase(HostileValues values) {
		String method = method(values);
		Caller caller = values.chance(0.85) ? Caller.STAFF : values.pick(List.of(Caller.values()));
		List<String> headers = new ArrayList<>();
		authorization(values, caller).ifPresent(headers::add);
		boolean acceptsJson = true;
		if (values.chance(0.08)) {
			acceptsJson = values.chance(0.6);
			headers.add("Accept: " + values.pick(acceptsJson ? ACCEPTED : NOT_ACCEPTED));
		}
		String query = queryString(values);
		String target = API + (values.chance(0.2) ? "/" : "") + (query.isEmpty() && values.chance(0.7) ? "" : "?" + query);
		String request = method + " " + target + " " + headers;
		Set<Integer> expected = expectedStatuses(method, caller, acceptsJson, query);
		return () -> {
			RawHttp.Response response = http().send(method, target, headers, null);
			count("REST " + response.status());
			if (!expected.contains(response.status())) {
				fail(request, response, "status not in " + expected);
				return;
			}
			checkRestBody(request, method, response);
		};
	}

	private static String method(HostileValues values) {
		double roll = values.random().nextDouble();
		if (roll < 0.9) {
			return "GET";
		}
		return roll < 0.95 ? "HEAD" : values.pick(List.of("OPTIONS", "POST", "PUT", "PATCH", "DELETE", "PURGE"));
	}

	private static java.util.Optional<String> authorization(HostileValues values, Caller caller) {
		return java.util.Optional.ofNullable(switch (caller) {
			case STAFF -> "Authorization: " + values.pick(List.of("Token ", "token ", "TOKEN\t"))
					+ values.pick(List.of(ADMIN_KEY, STAFF_KEY));
			case PLAIN -> "Authorization: Token " + PLAIN_KEY;
			case ANONYMOUS -> values.pick(List.of("", "Authorization: Bearer " + ADMIN_KEY, "Authorization: Basic YTpi",
					"Authorization: ", "X-Token: " + ADMIN_KEY));
			case REJECTED -> "Authorization: Token " + values.pick(List.of(INACTIVE_KEY, randomKey(values),
					randomKey(values) + "x", "a b", "\u00ff\u00fe", "", "'; DROP TABLE auth_tokens; --"));
		}).filter(header -> !header.isEmpty());
	}

	static String randomKey(HostileValues values) {
		StringBuilder key = new StringBuilder(40);
		for (int i = 0; i < 40; i++) {
			key.append(Character.forDigit(values.random().nextInt(16), 16));
		}
		return key.toString();
	}

	private static String queryString(HostileValues values) {
		List<String> pairs = new ArrayList<>();
		if (values.chance(0.8)) {
			pairs.add("limit=" + values.pick(List.of("1", "2", "5", "10", "20", "+2", "50", "3+", "%203")));
		}
		int parameters = values.random().nextInt(6);
		for (int i = 0; i < parameters; i++) {
			String name = values.pick(List.of("limit", "offset", "ordering", "search", "search", "id_min", "id_max",
					"created_date", "updated_date", "created_from", "created_to", "updated_from", "updated_to", "format",
					"page", "cursor", "", "unknown"));
			if (name.equals("unknown")) {
				name = values.text(2);
			}
			String value = switch (name) {
				case "limit", "offset", "id_min", "id_max", "page" -> values.number();
				case "created_date", "updated_date", "created_from", "created_to", "updated_from", "updated_to" ->
					values.date();
				case "ordering" -> values.ordering();
				case "format" -> values.pick(List.of("json", "", "api", "xml", "JSON", values.text(1)));
				default -> values.text(5);
			};
			String pair = values.encode(name) + (values.chance(0.05) ? "" : "=" + values.encode(value));
			pairs.add(pair);
			if (values.chance(0.05)) {
				pairs.add(pair);
			}
		}
		java.util.Collections.shuffle(pairs, values.random());
		if (values.chance(0.85)) {
			// Keep most answers a few hundred rows at most (the last value wins): a huge limit, or none, lists them all.
			pairs.add(values.chance(0.5) ? "id_max=" + values.random().nextInt(300)
					: "id_min=" + (4700 + values.random().nextInt(400)));
		}
		String separator = values.chance(0.05) ? values.pick(List.of("&&", "&;", "&=&")) : "&";
		String query = String.join(separator, pairs);
		if (query.length() > 6000) {
			// Beyond Tomcat's request-line limit (8 KB): a request the container refuses, tried separately.
			query = query.substring(0, 6000);
		}
		return query;
	}

	/** The statuses the contract allows for this request, in DRF's order of checks. */
	private static Set<Integer> expectedStatuses(String method, Caller caller, boolean acceptsJson, String query) {
		String format = DrfQueryString.parse(query).get("format");
		if (format != null && !format.isEmpty() && !format.equals("json")) {
			return Set.of(404);
		}
		if (!acceptsJson) {
			return Set.of(406);
		}
		return switch (caller) {
			case ANONYMOUS, REJECTED -> Set.of(401);
			case PLAIN -> Set.of(403);
			case STAFF -> switch (method) {
				case "GET", "HEAD" -> Set.of(200, 400);
				case "OPTIONS" -> Set.of(200);
				default -> Set.of(405);
			};
		};
	}

	private void checkRestBody(String request, String method, RawHttp.Response response) {
		if (!"application/json".equals(response.header("Content-Type"))) {
			fail(request, response, "Content-Type " + response.header("Content-Type"));
		}
		if (!"GET, HEAD, OPTIONS".equals(response.header("Allow"))) {
			fail(request, response, "Allow " + response.header("Allow"));
		}
		if (method.equals("HEAD")) {
			return;
		}
		if (response.status() != 200) {
			checkNoLeak(request, response.text(), response);
		}
		JsonNode body = parse(request, response);
		if (body == null) {
			return;
		}
		int status = response.status();
		if (status == 200 && method.equals("OPTIONS")) {
			expect(body.has("name"), request, response, "not DRF's OPTIONS metadata");
		}
		else if (status == 200 && body.isArray()) {
			body.forEach(item -> checkItem(request, response, item));
		}
		else if (status == 200) {
			expect(fieldNames(body).equals(List.of("count", "next", "previous", "results")), request, response,
					"not DRF's envelope");
			expect(body.path("results").isArray() && body.path("count").asLong() >= body.path("results").size(),
					request, response, "count below the number of results");
			body.path("results").forEach(item -> checkItem(request, response, item));
		}
		else if (status == 400) {
			expect(!fieldNames(body).isEmpty() && FILTER_FIELDS.containsAll(fieldNames(body)), request, response,
					"not a per-field 400");
			body.forEach(messages -> expect(messages.isArray() && messages.size() == 1
					&& Set.of("Enter a number.", "Enter a valid date.").contains(messages.get(0).asString()), request,
					response, "not django-filter's messages"));
		}
		else {
			expect(fieldNames(body).equals(List.of("detail")) && body.get("detail").isString(), request, response,
					"not a DRF detail body");
		}
	}

	private void checkItem(String request, RawHttp.Response response, JsonNode item) {
		expect(fieldNames(item).equals(ITEM_FIELDS)
				&& fieldNames(item.path("user_data")).equals(List.of("id", "username", "full_name"))
				&& item.path("key").asString().length() == 40, request, response, "not a token item: " + item);
	}

	// GraphQL

	private Runnable graphQlCase(HostileValues values, GraphQlDocuments documents) {
		Caller caller = values.chance(0.9) ? Caller.STAFF : values.pick(List.of(Caller.values()));
		List<String> headers = new ArrayList<>();
		authorization(values, caller).ifPresent(headers::add);
		GraphQlDocuments.Request request = documents.next();
		String getTarget = request.get() ? "/graphql?query=" + values.encode(request.document()) : null;
		if (!request.get()) {
			headers.add("Content-Type: " + request.contentType());
		}
		return () -> {
			RawHttp.Response response = request.get() ? http().get(getTarget, headers.toArray(String[]::new))
					: http().send("POST", "/graphql", headers, request.body().getBytes(StandardCharsets.UTF_8));
			checkGraphQl(request, caller, headers, response);
		};
	}

	private void checkGraphQl(GraphQlDocuments.Request request, Caller caller, List<String> headers,
			RawHttp.Response response) {
		String description = (request.get() ? "GET " + request.document() : "POST " + request.body()) + " " + headers;
		count("GraphQL " + response.status());
		if (caller == Caller.REJECTED) {
			expect(response.status() == 401, description, response, "a rejected token is not a 401");
			return;
		}
		if (response.status() == 415 && !request.get() && !request.contentType().startsWith("application/json")) {
			checkNoLeak(description, response.text(), response);
			return;
		}
		if (response.status() != 200 && response.status() != 400) {
			fail(description, response, "status");
			return;
		}
		JsonNode body = parse(description, response);
		if (body == null) {
			return;
		}
		if (!body.has("data") && !body.has("errors")) {
			fail(description, response, "neither data nor errors");
		}
		checkNoLeak(description, body.path("errors").toString(), response);
		for (JsonNode error : body.path("errors")) {
			String classification = error.path("extensions").path("classification").asString("");
			count("GraphQL " + response.status() + " " + classification);
			expect(error.path("message").isString(), description, response, "an error without a message");
			// The database is up: an error blamed on it is a statement that could not run.
			expect(!classification.isEmpty() && !classification.equals("INTERNAL_ERROR")
					&& !classification.equals("SERVICE_UNAVAILABLE"), description, response,
					"an error classified '" + classification + "'");
		}
		JsonNode page = body.path("data").path("authTokens");
		if (page.path("results").isArray() && page.path("totalCount").isNumber()) {
			expect(page.path("totalCount").asLong() >= page.path("results").size(), description, response,
					"totalCount below the number of results");
		}
	}

	/** A few cursors of the default ordering, so valid cursors meet hostile arguments too. */
	private List<String> realCursors() {
		JsonNode edges = JSON.readTree(graphQl("{ authTokenConnection(first: 5, filter: { idMin: 2000 }) "
				+ "{ edges { cursor } } }", null, ADMIN).text()).path("data").path("authTokenConnection").path("edges");
		List<String> cursors = new ArrayList<>();
		edges.forEach(edge -> cursors.add(edge.path("cursor").asString()));
		assertThat(cursors).hasSize(5);
		return cursors;
	}

	// Checks shared by both APIs

	private JsonNode parse(String request, RawHttp.Response response) {
		try {
			return JSON.readTree(response.body());
		}
		catch (JacksonException ex) {
			fail(request, response, "not JSON");
			return null;
		}
	}

	/**
	 * The error text has no exception, stack frame or SQL in it, unless the request itself sent that text. (Rows are
	 * not searched: keys and cursors are random letters.)
	 */
	private void checkNoLeak(String request, String body, RawHttp.Response response) {
		String sent = request.toLowerCase(Locale.ROOT);
		for (String leak : LEAKS) {
			if (body.contains(leak) && !sent.contains(leak.toLowerCase(Locale.ROOT))) {
				fail(request, response, "the body shows '" + leak + "'");
			}
		}
	}

	private static List<String> fieldNames(JsonNode node) {
		return node.isObject() ? List.copyOf(node.propertyNames()) : List.of();
	}

	private void expect(boolean condition, String request, RawHttp.Response response, String problem) {
		if (!condition) {
			fail(request, response, problem);
		}
	}

	private synchronized void fail(String request, RawHttp.Response response, String problem) {
		String body = response.text();
		this.failures.add(problem + ": " + abbreviate(request) + " -> " + response.status() + " "
				+ abbreviate(body));
	}

	private synchronized void count(String outcome) {
		this.outcomes.merge(outcome, 1, Integer::sum);
	}

	private void report(String api, int requests) {
		System.out.printf("%s: %d hostile requests, seed %d, outcomes %s%n", api, requests, SEED, this.outcomes);
		assertThat(this.failures).as("%d of %d %s requests answered wrongly; replay with -Dtokengate.fuzz.seed=%d",
				this.failures.size(), requests, api, SEED).isEmpty();
	}

	/** Draws the requests and their checks from the generator, sends them all, and reports the wrong answers. */
	private void fuzz(String api, int requests, HostileValues values, Function<HostileValues, Runnable> drawCase) {
		List<Runnable> cases = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			cases.add(drawCase.apply(values));
		}
		sendAll(cases);
		report(api, requests);
	}

	/** Sends the requests from a few clients at once; which answers come first does not matter. */
	private static void sendAll(List<Runnable> cases) {
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try {
			for (Future<Object> done : clients.invokeAll(cases.stream().map(Executors::callable).toList())) {
				done.get();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("A request could not be sent", ex.getCause());
		}
		finally {
			clients.shutdownNow();
		}
	}

	private static String abbreviate(String text) {
		String escaped = text.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0");
		return escaped.length() <= 400 ? escaped : escaped.substring(0, 400) + "...(" + escaped.length() + " chars)";
	}

	private String databaseFingerprint() {
		return this.jdbc.queryForObject("""
				SELECT (SELECT count(*) || ' ' || md5(string_agg(u::text, ',' ORDER BY u.id)) FROM users u)
				    || ' ' || (SELECT count(*) || ' ' || md5(string_agg(t::text, ',' ORDER BY t.id)) FROM auth_tokens t)
				    || ' ' || (SELECT tokens FROM auth_token_count)""", String.class);
	}

}
