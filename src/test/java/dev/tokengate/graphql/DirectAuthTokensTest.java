package dev.tokengate.graphql;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.jayway.jsonpath.JsonPath;
import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RawHttp;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain {@code authTokens} documents are answered without graphql-java's execution once graphql-java has answered them
 * cleanly, and the answer is byte for byte graphql-java's: each generated request is sent twice, the first answered by
 * graphql-java, the second directly when the document is plain, and the two answers must be identical.
 */
class DirectAuthTokensTest extends IntegrationTest {

	private static final long SEED = 20261129L;

	private static final int CASES = 240;

	private static final String STAFF = "Authorization: Token " + STAFF_KEY;

	private static final String PLAIN = "Authorization: Token " + PLAIN_KEY;

	private static final List<String> SEARCHES = List.of("alex", "zoë", "李", "%", "a_b", "sam smith", "o'brien",
			"ADMIN", "\\\\", "\\\"q\\\"", "e", "", "   ");

	private static final List<String> ENUMS = List.of("ID", "CREATED_AT", "UPDATED_AT", "USER");

	/** Accept headers: the first four are answered directly, the others by graphql-java. */
	private static final List<String> ACCEPTS = List.of("", "Accept: */*", "Accept: application/json",
			"Accept: application/graphql-response+json", "Accept: application/json, */*",
			"Accept: application/graphql-response+json;q=0.9, application/json");

	@Autowired
	private DirectAuthTokens direct;

	@Autowired
	private MeterRegistry meters;

	@Test
	void everyGeneratedRequestIsAnsweredTheSameBothTimes() {
		Random random = new Random(SEED);
		int directly = 0;
		for (int i = 0; i < CASES; i++) {
			Case request = generate(random, i);
			RawHttp.Response first = send(request);
			long before = this.direct.served();
			RawHttp.Response second = send(request);
			boolean answeredDirectly = this.direct.served() > before;
			assertThat(second.status()).as(request.toString()).isEqualTo(first.status());
			assertThat(headers(second)).as(request.toString()).isEqualTo(headers(first));
			assertThat(second.text()).as(request.toString()).isEqualTo(first.text());
			boolean clean = first.status() == 200 && !first.text().contains("\"errors\"");
			assertThat(answeredDirectly).as("answered directly: " + request + " -> " + first.status() + " " + first.text())
				.isEqualTo(request.plain() && clean && request.accept() < 4 && !request.caller().equals(PLAIN));
			directly += answeredDirectly ? 1 : 0;
		}
		// The generator must reach the direct path often, or the comparison proves little.
		assertThat(directly).isGreaterThan(CASES / 4);
	}

	@Test
	void aDocumentIsAnsweredDirectlyOnlyAfterGraphQlJavaAnsweredItWithoutAnError() {
		// language=GraphQL
		String document = "{ authTokens(filter: { idMin: 3, idMax: 7 }, ordering: [{ field: ID, direction: DESC }], "
				+ "limit: 1000) { totalCount results { id key userData { id username fullName } createdAt updatedAt } } }";
		long before = this.direct.served();
		RawHttp.Response byGraphQlJava = graphQl(document, null, ADMIN);
		assertThat(this.direct.served()).isEqualTo(before);
		RawHttp.Response direct = graphQl(document, null, ADMIN);
		assertThat(this.direct.served()).isEqualTo(before + 1);
		assertThat(direct.text()).isEqualTo(byGraphQlJava.text());
		assertThat(JsonPath.<List<String>>read(direct.text(), "$.data.authTokens.results[*].id"))
			.containsExactly("7", "6", "5", "4", "3");

		// An argument the controller refuses: graphql-java answers, and does not admit the document.
		String refused = "{ authTokens(limit: 0) { totalCount } }";
		graphQl(refused, null, ADMIN);
		RawHttp.Response again = graphQl(refused, null, ADMIN);
		assertThat(this.direct.served()).isEqualTo(before + 1);
		assertThat(JsonPath.<String>read(again.text(), "$.errors[0].extensions.classification")).isEqualTo("BAD_REQUEST");
	}

	@Test
	void aCallerWhoIsNotStaffIsRefusedAsBeforeOnceTheDocumentIsAdmitted() {
		String document = "{ authTokens(limit: 2) { results { id } } }";
		RawHttp.Response refusedBefore = graphQl(document, null, PLAIN);
		RawHttp.Response anonymousBefore = graphQl(document, null);
		graphQl(document, null, ADMIN);
		long before = this.direct.served();
		assertThat(graphQl(document, null, PLAIN).text()).isEqualTo(refusedBefore.text());
		assertThat(graphQl(document, null).text()).isEqualTo(anonymousBefore.text());
		assertThat(this.direct.served()).isEqualTo(before);
		assertThat(JsonPath.<String>read(refusedBefore.text(), "$.errors[0].extensions.classification"))
			.isEqualTo("FORBIDDEN");
	}

	/**
	 * A page that fails on the direct path is reported by graphql-java, as it would have been: the failure is handed
	 * over and thrown by the controller there (DatabaseOutageTest does the same with the database away).
	 */
	@Test
	void aPageThatFailsIsReportedByGraphQlJava() {
		String document = "query($search: String) { authTokens(search: $search, limit: 3) { totalCount } }";
		graphQl(document, "{\"search\":\"alex\"}", ADMIN);
		String words = IntStream.range(0, AuthTokenGraphQlController.MAX_SEARCH_WORDS + 1)
			.mapToObj(i -> "w" + i)
			.collect(Collectors.joining(" "));
		long before = this.direct.served();
		RawHttp.Response failed = graphQl(document, "{\"search\":\"" + words + "\"}", ADMIN);
		assertThat(this.direct.served()).isEqualTo(before);
		assertThat(failed.status()).isEqualTo(200);
		assertThat(JsonPath.<String>read(failed.text(), "$.errors[0].message"))
			.isEqualTo("Invalid argument 'search': at most 100 different words, got 101");
		assertThat(JsonPath.<List<String>>read(failed.text(), "$.errors[0].path")).containsExactly("authTokens");
		assertThat(JsonPath.<String>read(failed.text(), "$.errors[0].extensions.classification")).isEqualTo("BAD_REQUEST");
		// A variable graphql-java cannot coerce never reaches the page: graphql-java says why.
		RawHttp.Response badVariable = graphQl(document, "{\"search\":7}", ADMIN);
		assertThat(this.direct.served()).isEqualTo(before);
		assertThat(badVariable.text()).contains("\"classification\":\"BAD_REQUEST\"");
	}

	@Test
	void aDirectAnswerIsCountedInGraphQlJavasMetrics() {
		String document = "{ authTokens(limit: 1) { limit offset } }";
		graphQl(document, null, ADMIN);
		long requests = requestCount();
		long fetches = this.meters.get("graphql.datafetcher")
			.tags("graphql.field.name", "authTokens", "graphql.outcome", "SUCCESS")
			.timer()
			.count();
		long routed = routeCount();
		long before = this.direct.served();
		graphQl(document, null, ADMIN);
		assertThat(this.direct.served()).isEqualTo(before + 1);
		assertThat(requestCount()).isEqualTo(requests + 1);
		assertThat(routeCount()).as("http.server.requests with uri=/graphql").isEqualTo(routed + 1);
		assertThat(this.meters.get("graphql.datafetcher")
			.tags("graphql.field.name", "authTokens", "graphql.outcome", "SUCCESS")
			.timer()
			.count()).isEqualTo(fetches + 1);
	}

	private long routeCount() {
		return this.meters.get("http.server.requests")
			.tags("uri", "/graphql", "method", "POST", "status", "200")
			.timer()
			.count();
	}

	private long requestCount() {
		return this.meters.get("graphql.request")
			.tags("graphql.operation.type", "query", "graphql.outcome", "SUCCESS", "error", "none")
			.timer()
			.count();
	}

	// The generated requests

	/** A request: its document and variables, how it is sent, and whether the document is plain. */
	record Case(String document, String variables, boolean get, String caller, int accept, boolean plain) {

		@Override
		public String toString() {
			return (this.get ? "GET " : "POST ") + this.document + " " + this.variables + " " + ACCEPTS.get(this.accept)
					+ " as " + this.caller.substring(this.caller.length() - 5);
		}

	}

	private RawHttp.Response send(Case request) {
		List<String> headers = new ArrayList<>();
		headers.add(request.caller());
		if (request.accept() > 0) {
			headers.add(ACCEPTS.get(request.accept()));
		}
		if (!request.get()) {
			return graphQl(request.document(), request.variables(), headers.toArray(String[]::new));
		}
		String target = "/graphql?query=" + URLEncoder.encode(request.document(), StandardCharsets.UTF_8)
				+ (request.variables() == null ? ""
						: "&variables=" + URLEncoder.encode(request.variables(), StandardCharsets.UTF_8));
		return http().send("GET", target, headers, null);
	}

	/** The response's headers but the date, which may differ between the two answers by a second. */
	private static Map<String, List<String>> headers(RawHttp.Response response) {
		Map<String, List<String>> headers = new LinkedHashMap<>(response.headers());
		headers.remove("date");
		return headers;
	}

	private static Case generate(Random random, int index) {
		boolean withVariables = random.nextInt(3) == 0;
		Map<String, String> variables = new LinkedHashMap<>();
		List<String> definitions = new ArrayList<>();
		List<String> arguments = new ArrayList<>();
		if (random.nextInt(3) > 0) {
			argument(random, withVariables, "limit", "Int", Integer.toString(pick(random, 1, 2, 5, 20, 1000, 0, 1001)),
					definitions, arguments, variables);
		}
		if (random.nextInt(3) == 0) {
			argument(random, withVariables, "offset", "Int", Integer.toString(pick(random, 0, 1, 3, 4990, 5000, -1)),
					definitions, arguments, variables);
		}
		if (random.nextInt(3) == 0) {
			argument(random, withVariables, "search", "String",
					'"' + SEARCHES.get(random.nextInt(SEARCHES.size())) + '"', definitions, arguments, variables);
		}
		if (random.nextInt(3) == 0) {
			argument(random, withVariables, "filter", "AuthTokenFilter", filter(random, withVariables), definitions,
					arguments, variables);
		}
		if (random.nextInt(3) == 0) {
			argument(random, withVariables, "ordering", "[AuthTokenOrder!]", ordering(random, withVariables),
					definitions, arguments, variables);
		}
		List<String> page = new ArrayList<>();
		for (String field : subset(random, List.of("totalCount", "limit", "offset", "results"))) {
			page.add(field.equals("results") ? alias(random, field) + " { " + token(random) + " }" : alias(random, field));
		}
		int twist = random.nextInt(12);
		boolean plain = twist > 3 || twist == 1 && !page.contains("limit");
		switch (twist) {
			case 0 -> page.add("__typename");
			case 1 -> page.add("limit");
			case 2 -> page.add(0, "... on AuthTokenPage { offset }");
			default -> {
			}
		}
		String field = (random.nextInt(6) == 0 ? "page: " : "") + "authTokens"
				+ (arguments.isEmpty() ? "" : "(" + String.join(", ", arguments) + ")")
				+ (twist == 3 ? " @include(if: true)" : "") + " { " + String.join(" ", page) + " }";
		String operation = definitions.isEmpty() && random.nextBoolean() ? "{ " + field + " }"
				: "query Q" + index + (definitions.isEmpty() ? "" : "(" + String.join(", ", definitions) + ")") + " { "
						+ field + " }";
		String variablesJson = null;
		if (!variables.isEmpty() || random.nextInt(8) == 0) {
			StringJoiner json = new StringJoiner(",", "{", "}");
			variables.forEach((name, value) -> json.add("\"" + name + "\":" + value));
			variablesJson = json.toString();
		}
		String caller = random.nextInt(10) == 0 ? PLAIN : random.nextBoolean() ? ADMIN : STAFF;
		int accept = random.nextInt(4) == 0 ? random.nextInt(ACCEPTS.size()) : 0;
		return new Case(operation, variablesJson, random.nextInt(5) == 0, caller, accept, plain);
	}

	private static void argument(Random random, boolean asVariable, String name, String type, String literal,
			List<String> definitions, List<String> arguments, Map<String, String> variables) {
		if (!asVariable) {
			arguments.add(name + ": " + literal);
			return;
		}
		definitions.add("$" + name + ": " + type);
		arguments.add(name + ": $" + name);
		variables.put(name, literal);
	}

	/** A filter as a GraphQL literal, or (as JSON) as a variable's value. */
	private static String filter(Random random, boolean json) {
		List<String> fields = new ArrayList<>();
		if (random.nextBoolean()) {
			int min = random.nextInt(5000);
			fields.add(name("idMin", json) + ": " + min);
			fields.add(name("idMax", json) + ": " + (min + random.nextInt(40) - 5));
		}
		if (random.nextBoolean()) {
			String date = "\"2025-0" + (1 + random.nextInt(9)) + "-" + (10 + random.nextInt(19)) + "\"";
			fields.add(name(pick(random, "createdFrom", "createdTo", "updatedFrom", "updatedTo", "createdDate"), json)
					+ ": " + (random.nextInt(10) == 0 ? "\"2025-02-30\"" : date));
		}
		return "{ " + String.join(", ", fields) + " }";
	}

	private static String ordering(Random random, boolean json) {
		List<String> terms = new ArrayList<>();
		for (int i = 0; i <= random.nextInt(2); i++) {
			String field = ENUMS.get(random.nextInt(ENUMS.size()));
			String direction = pick(random, "ASC", "DESC", null);
			terms.add("{ " + name("field", json) + ": " + (json ? '"' + field + '"' : field)
					+ (direction == null ? "" : ", " + name("direction", json) + ": "
							+ (json ? '"' + direction + '"' : direction))
					+ " }");
		}
		return "[" + String.join(", ", terms) + "]";
	}

	private static String name(String name, boolean json) {
		return json ? '"' + name + '"' : name;
	}

	private static String token(Random random) {
		List<String> fields = new ArrayList<>();
		for (String field : subset(random, List.of("id", "key", "createdAt", "updatedAt", "userData"))) {
			fields.add(field.equals("userData")
					? alias(random, field) + " { "
							+ String.join(" ", subset(random, List.of("id", "username", "fullName")).stream()
								.map(user -> alias(random, user))
								.toList())
							+ " }"
					: alias(random, field));
		}
		return String.join(" ", fields);
	}

	private static String alias(Random random, String field) {
		return random.nextInt(6) == 0 ? "my_" + field + ": " + field : field;
	}

	/** A non-empty subset of the fields, in a random order. */
	private static List<String> subset(Random random, List<String> fields) {
		List<String> chosen = new ArrayList<>(fields);
		Collections.shuffle(chosen, random);
		return chosen.subList(0, 1 + random.nextInt(chosen.size()));
	}

	@SafeVarargs
	private static <T> T pick(Random random, T... values) {
		return values[random.nextInt(values.length)];
	}

}
