package dev.tokengate.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import com.jayway.jsonpath.JsonPath;
import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays every case of the legacy service's curl transcript ({@code drf-transcript.txt} on the test classpath)
 * against the running service and compares the answers: status, headers, and the body byte for byte (or, where the
 * transcript only summarises a large body, its length, item count, first ids and first item exactly).
 *
 * <p>Requests are sent with {@code Host: 127.0.0.1:8001}, the legacy service's address, so the absolute
 * {@code next}/{@code previous} links must match the transcript literally.
 *
 * <p>Two cases have their own branch, each for a deliberate improvement CONTRACT.md lists: the huge {@code limit} the
 * legacy service answered with a 500, and the one page whose rows tie on the requested ordering (stable order).
 */
class LegacyTranscriptTest extends IntegrationTest {

	/** The number of {@code ### } headings in the transcript: parsing must not drop any. */
	private static final int TRANSCRIPT_CASES = 97;

	private static final String LEGACY_HOST = "127.0.0.1:8001";

	/** The one input the legacy service answered with a 500, and Tokengate on purpose does not. */
	private static final String HUGE_LIMIT_TARGET = API + "?limit=99999999999999999999";

	/** The one case whose page holds rows that tie on the requested ordering (three tokens of user 1000). */
	private static final String TIED_ORDERING_TARGET = API + "?limit=3&ordering=-user";

	@Test
	void theTranscriptParsesIntoOneCasePerHeading() {
		long headings = transcript().lines().filter(line -> line.startsWith("### ")).count();
		assertThat(headings).isEqualTo(TRANSCRIPT_CASES);
		List<Case> cases = cases();
		assertThat(cases).hasSize(TRANSCRIPT_CASES);
		assertThat(cases).filteredOn(c -> c.body() instanceof ArraySummary).hasSize(7);
		assertThat(cases).filteredOn(c -> c.body() instanceof EnvelopeSummary).hasSize(2);
		assertThat(cases).filteredOn(c -> c.body() instanceof NoBody).extracting(Case::method).containsExactly("HEAD");
		assertThat(cases).extracting(Case::method).containsOnly("GET", "HEAD", "OPTIONS", "POST");
		assertThat(cases).allSatisfy(c -> assertThat(c.target()).startsWith(API));
	}

	@Test
	void aCurlCommandBecomesTheRequestCurlSent() {
		Request request = parseCurl("example",
				"curl -s -i -X OPTIONS -H Accept:\\ text/html -H Authorization:\\ Token\\ a\\ b "
						+ "http://127.0.0.1:8001/api/users/auth_tokens/\\?limit=3\\&ordering=-created_at\\,%20id");
		assertThat(request.method()).isEqualTo("OPTIONS");
		assertThat(request.target()).isEqualTo("/api/users/auth_tokens/?limit=3&ordering=-created_at,%20id");
		assertThat(request.headers()).containsExactly("Accept: text/html", "Authorization: Token a b");
		assertThat(curlHeaders(request.headers())).containsExactly("Host: 127.0.0.1:8001", "User-Agent: curl/7.88.1",
				"Accept: text/html", "Authorization: Token a b");
		assertThat(parseCurl("head", "curl -s -i -I http://127.0.0.1:8001/api/users/auth_tokens").method())
			.isEqualTo("HEAD");
	}

	@Test
	void everyFullJsonBodyOfTheTranscriptIsAsLongAsItsContentLength() {
		// A check of the parser: a full body must be read exactly as the legacy service sent it.
		List<Case> fullJsonBodies = cases().stream()
			.filter(c -> c.body() instanceof FullBody && "application/json".equals(c.headers().get("content-type")))
			.toList();
		assertThat(fullJsonBodies).hasSizeGreaterThan(70);
		for (Case c : fullJsonBodies) {
			assertThat((long) ((FullBody) c.body()).bytes().length).as(c.title())
				.isEqualTo(Long.parseLong(c.headers().get("content-length")));
		}
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@MethodSource("cases")
	void theServiceAnswersAsTheLegacyServiceDid(Case c) {
		RawHttp.Response response = http().send(c.method(), c.target(), c.requestHeaders(), null);

		if (c.status() == 500) {
			// The deliberate deviation on the huge limit (CONTRACT.md, "Deliberate improvements"): the legacy service
			// answered limit=99999999999999999999 with Django's HTML 500 page (bigint out of range on LIMIT). Tokengate
			// never answers 500: a limit beyond the row count returns every row in the envelope, next and previous null.
			assertThat(c.target()).as("the only 500 of the transcript is the huge limit").isEqualTo(HUGE_LIMIT_TARGET);
			assertHugeLimitAnswersEveryRow(response);
			return;
		}

		assertThat(response.status()).as("status").isEqualTo(c.status());
		assertHeadersOfEveryLegacyResponse(response);
		assertThat(response.header("WWW-Authenticate")).as("WWW-Authenticate")
			.isEqualTo(c.headers().get("www-authenticate"));
		c.headers().forEach((name, value) -> {
			if (!List.of("server", "date", "connection", "content-length").contains(name)) {
				assertThat(response.header(name)).as(name).isEqualTo(value);
			}
		});

		if (c.target().equals(TIED_ORDERING_TARGET)) {
			// Stable ordering, the deliberate improvement CONTRACT.md lists under "Ordering": ties are broken by id
			// ascending. The legacy service left ties to PostgreSQL, whose top-N sort returned user 1000's tokens as
			// 4403, 419, 1415: an order no rule reproduces. The headers are asserted above; the body below, as far as
			// the stable order lets it equal the legacy one.
			assertTiesBrokenById(c, response);
			return;
		}

		assertContentLength(c, response);

		if (c.body() instanceof FullBody full) {
			assertThat(response.text()).as("body").isEqualTo(full.text());
			assertThat(Arrays.equals(response.body(), full.bytes())).as("body, byte for byte").isTrue();
		}
		else if (c.body() instanceof ArraySummary array) {
			assertArray(response, array);
		}
		else if (c.body() instanceof EnvelopeSummary envelope) {
			assertEnvelope(response, envelope);
		}
		else {
			assertThat(c.method()).as("only HEAD shows no body").isEqualTo("HEAD");
		}
	}

	private static void assertHeadersOfEveryLegacyResponse(RawHttp.Response response) {
		assertThat(response.header("Content-Type")).as("Content-Type").isEqualTo("application/json");
		assertThat(response.header("Allow")).as("Allow").isEqualTo("GET, HEAD, OPTIONS");
		assertThat(response.header("X-Frame-Options")).as("X-Frame-Options").isEqualTo("DENY");
		assertThat(response.header("X-Content-Type-Options")).as("X-Content-Type-Options").isEqualTo("nosniff");
		assertThat(response.header("Referrer-Policy")).as("Referrer-Policy").isEqualTo("same-origin");
	}

	/**
	 * The transcript's Content-Length. Only the unpaginated bare array is streamed (chunked, its length unknown in
	 * advance): there the body must have that length. HEAD must announce the length the GET body would have.
	 */
	private static void assertContentLength(Case c, RawHttp.Response response) {
		String legacy = c.headers().get("content-length");
		assertThat(legacy).as("the transcript gives a Content-Length").isNotNull();
		boolean chunked = "chunked".equalsIgnoreCase(response.header("Transfer-Encoding"));
		if (chunked) {
			assertThat(c.body()).as("only the bare array is streamed").isInstanceOf(ArraySummary.class);
			assertThat(response.header("Content-Length")).as("Content-Length of a chunked response").isNull();
		}
		else {
			assertThat(response.header("Content-Length")).as("Content-Length").isEqualTo(legacy);
		}
		if (!c.method().equals("HEAD")) {
			assertThat((long) response.body().length).as("body length").isEqualTo(Long.parseLong(legacy));
		}
	}

	private static void assertArray(RawHttp.Response response, ArraySummary array) {
		String json = response.text();
		assertThat((long) response.body().length).as("body bytes").isEqualTo(array.bytes());
		List<Long> ids = ids(json, "$[*].id");
		assertThat(ids).as("items").hasSize(array.items());
		assertThat(ids.subList(0, array.firstIds().size())).as("first ids").isEqualTo(array.firstIds());
		assertThat(json).as("the first item, exactly")
			.startsWith("[" + array.firstItem() + (array.items() == 1 ? "]" : ","));
	}

	private static void assertEnvelope(RawHttp.Response response, EnvelopeSummary envelope) {
		String json = response.text();
		assertThat((long) response.body().length).as("body bytes").isEqualTo(envelope.bytes());
		assertThat(((Number) JsonPath.read(json, "$.count")).longValue()).as("count").isEqualTo(envelope.count());
		assertThat((String) JsonPath.read(json, "$.next")).as("next").isEqualTo(envelope.next());
		assertThat((String) JsonPath.read(json, "$.previous")).as("previous").isEqualTo(envelope.previous());
		List<Long> ids = ids(json, "$.results[*].id");
		assertThat(ids).as("results").hasSize(envelope.results());
		assertThat(ids.subList(0, envelope.firstIds().size())).as("first ids").isEqualTo(envelope.firstIds());
		assertThat(json).as("the envelope up to the first result, exactly")
			.startsWith("{\"count\":" + envelope.count() + ",\"next\":" + jsonOrNull(envelope.next()) + ",\"previous\":"
					+ jsonOrNull(envelope.previous()) + ",\"results\":[" + envelope.firstResult()
					+ (envelope.results() == 1 ? "]}" : ","));
	}

	/** Tokengate's answer where the legacy service failed: the envelope of all 5000 rows, nothing before or after. */
	private void assertHugeLimitAnswersEveryRow(RawHttp.Response response) {
		assertThat(response.status()).as("status").isEqualTo(200);
		assertHeadersOfEveryLegacyResponse(response);
		assertThat(response.header("WWW-Authenticate")).as("WWW-Authenticate").isNull();
		assertThat(response.header("Content-Length")).as("Content-Length")
			.isEqualTo(String.valueOf(response.body().length));
		String json = response.text();
		assertThat(json).startsWith("{\"count\":5000,\"next\":null,\"previous\":null,\"results\":[{\"id\":1,")
			.endsWith("}]}");
		assertThat(((Number) JsonPath.read(json, "$.count")).longValue()).as("count").isEqualTo(5000);
		assertThat((String) JsonPath.read(json, "$.next")).as("next").isNull();
		assertThat((String) JsonPath.read(json, "$.previous")).as("previous").isNull();
		assertThat(ids(json, "$.results[*].id")).as("every row, in id order")
			.isEqualTo(LongStream.rangeClosed(1, 5000).boxed().toList());
		// The same bytes as limit=100000, which the transcript pins (1079692 bytes, next and previous null).
		RawHttp.Response everyRow = http().send("GET", API + "?limit=100000", curlHeaders(List.of(ADMIN)), null);
		assertThat(json).as("the same body as limit=100000").isEqualTo(everyRow.text());
	}

	/**
	 * Where the legacy page's rows tie on the ordering: the same envelope, the same number of rows, each row the first
	 * ones of the stable order, and every row the legacy page also shows byte-identical to it.
	 */
	private void assertTiesBrokenById(Case c, RawHttp.Response response) {
		String legacy = ((FullBody) c.body()).text();
		List<Long> legacyUsers = ids(legacy, "$.results[*].user_data.id");
		List<Long> legacyIds = ids(legacy, "$.results[*].id");
		assertThat(legacyUsers).as("the legacy rows tie on user").containsOnly(legacyUsers.get(0));
		assertThat(legacyIds).as("the legacy ties are not in id order").isNotEqualTo(legacyIds.stream().sorted().toList());

		String json = response.text();
		assertThat(response.header("Content-Length")).as("Content-Length")
			.isEqualTo(String.valueOf(response.body().length));
		String envelope = json.substring(0, json.indexOf("\"results\":["));
		assertThat(envelope).as("count, next and previous")
			.isEqualTo(legacy.substring(0, legacy.indexOf("\"results\":[")));
		assertThat(ids(json, "$.results[*].user_data.id")).as("users").isEqualTo(legacyUsers);
		List<Long> ourIds = ids(json, "$.results[*].id");
		assertThat(ourIds).as("ids: the tied user's first tokens by id")
			.isEqualTo(this.jdbc.queryForList("SELECT id FROM auth_tokens ORDER BY user_id DESC, id ASC LIMIT 3",
					Long.class));
		List<Long> onBothPages = legacyIds.stream().filter(ourIds::contains).toList();
		assertThat(onBothPages).as("rows on both pages").isNotEmpty();
		for (long id : onBothPages) {
			assertThat(json).as("legacy row " + id + ", byte for byte").contains(legacyItem(legacy, id));
		}
	}

	/** The exact text of one result of a legacy envelope, as the legacy service wrote it. */
	private static String legacyItem(String legacy, long id) {
		int start = legacy.indexOf("{\"id\":" + id + ",\"key\":");
		int end = legacy.indexOf("\"updated_at\":", start);
		end = legacy.indexOf('}', end) + 1;
		return legacy.substring(start, end);
	}

	private static List<Long> ids(String json, String path) {
		List<Number> ids = JsonPath.read(json, path);
		return ids.stream().map(Number::longValue).toList();
	}

	private static String jsonOrNull(String value) {
		return value == null ? "null" : jsonString(value);
	}

	// ---- The transcript -------------------------------------------------------------------------------------

	/** One transcript case: the request curl sent and what the legacy service answered. */
	record Case(String title, String method, String target, List<String> requestHeaders, int status,
			Map<String, String> headers, Body body) {

		@Override
		public String toString() {
			return this.title;
		}

	}

	/** What the transcript shows of a response body. */
	sealed interface Body permits NoBody, FullBody, ArraySummary, EnvelopeSummary {
	}

	/** No body (HEAD). */
	record NoBody() implements Body {
	}

	/** The body as sent. */
	record FullBody(String text) implements Body {

		byte[] bytes() {
			return this.text.getBytes(StandardCharsets.UTF_8);
		}

	}

	/** {@code body: JSON array, N bytes, M items; ids [...]} then {@code first item: {...}}. */
	record ArraySummary(long bytes, int items, List<Long> firstIds, String firstItem) implements Body {
	}

	/**
	 * {@code body: envelope, N bytes: count=C next=... previous=..., K results; ids [...]} then
	 * {@code first result: {...}}.
	 */
	record EnvelopeSummary(long bytes, long count, String next, String previous, int results, List<Long> firstIds,
			String firstResult) implements Body {
	}

	private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})(?: .*)?");

	private static final Pattern HEADER_LINE = Pattern.compile("([A-Za-z][A-Za-z0-9-]*): ?(.*)");

	private static final Pattern ARRAY_SUMMARY = Pattern
		.compile("body: JSON array, (\\d+) bytes, (\\d+) items; ids \\[([\\d, ]*)]");

	private static final Pattern ENVELOPE_SUMMARY = Pattern.compile("body: envelope, (\\d+) bytes: count=(\\d+) "
			+ "next=(null|\"[^\"]*\") previous=(null|\"[^\"]*\"), (\\d+) results; ids \\[([\\d, ]*)]");

	static List<Case> cases() {
		List<List<String>> blocks = new ArrayList<>();
		for (String line : transcript().split("\n", -1)) {
			// The HEAD case's second header block was captured with its CRLF line ends.
			String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
			if (text.startsWith("### ")) {
				blocks.add(new ArrayList<>());
			}
			if (!blocks.isEmpty()) {
				blocks.get(blocks.size() - 1).add(text);
			}
		}
		return blocks.stream().map(LegacyTranscriptTest::parseCase).toList();
	}

	private static String transcript() {
		try (InputStream in = LegacyTranscriptTest.class.getResourceAsStream("/drf-transcript.txt")) {
			assertThat(in).as("drf-transcript.txt on the test classpath").isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Case parseCase(List<String> lines) {
		String title = lines.get(0).substring("### ".length());
		int i = 1;
		String curl = lines.get(i++);
		if (!curl.startsWith("$ curl ")) {
			throw new IllegalArgumentException(title + ": expected the curl command, got " + curl);
		}
		Request request = parseCurl(title, curl.substring(2));
		Matcher status = STATUS_LINE.matcher(lines.get(i++));
		if (!status.matches()) {
			throw new IllegalArgumentException(title + ": expected a status line, got " + lines.get(i - 1));
		}
		int code = Integer.parseInt(status.group(1));
		Map<String, String> headers = new LinkedHashMap<>();
		while (i < lines.size()) {
			String line = lines.get(i);
			Matcher again = STATUS_LINE.matcher(line);
			Matcher header = HEADER_LINE.matcher(line);
			if (again.matches()) {
				// curl -i -I prints the headers twice: the transcript keeps an abridged block and the full one.
				if (Integer.parseInt(again.group(1)) != code) {
					throw new IllegalArgumentException(title + ": two different status lines");
				}
			}
			else if (header.matches() && !header.group(1).equals("body")) {
				String name = header.group(1).toLowerCase(Locale.ROOT);
				String previous = headers.putIfAbsent(name, header.group(2));
				if (previous != null && !previous.equals(header.group(2))) {
					throw new IllegalArgumentException(title + ": two values for " + name);
				}
			}
			else {
				break;
			}
			i++;
		}
		List<String> rest = new ArrayList<>(lines.subList(i, lines.size()));
		while (!rest.isEmpty() && rest.get(0).isEmpty()) {
			rest.remove(0);
		}
		while (!rest.isEmpty() && rest.get(rest.size() - 1).isEmpty()) {
			rest.remove(rest.size() - 1);
		}
		return new Case(title, request.method(), request.target(), curlHeaders(request.headers()), code, headers,
				parseBody(title, rest));
	}

	private static Body parseBody(String title, List<String> lines) {
		if (lines.isEmpty()) {
			return new NoBody();
		}
		if (!lines.get(0).startsWith("body: ")) {
			return new FullBody(String.join("\n", lines));
		}
		if (lines.size() != 2) {
			throw new IllegalArgumentException(title + ": a summary is two lines, got " + lines);
		}
		Matcher array = ARRAY_SUMMARY.matcher(lines.get(0));
		if (array.matches()) {
			return new ArraySummary(Long.parseLong(array.group(1)), Integer.parseInt(array.group(2)),
					parseIds(array.group(3)), after(title, lines.get(1), "first item: "));
		}
		Matcher envelope = ENVELOPE_SUMMARY.matcher(lines.get(0));
		if (envelope.matches()) {
			return new EnvelopeSummary(Long.parseLong(envelope.group(1)), Long.parseLong(envelope.group(2)),
					unquote(envelope.group(3)), unquote(envelope.group(4)), Integer.parseInt(envelope.group(5)),
					parseIds(envelope.group(6)), after(title, lines.get(1), "first result: "));
		}
		throw new IllegalArgumentException(title + ": unknown body summary " + lines.get(0));
	}

	private static String after(String title, String line, String prefix) {
		if (!line.startsWith(prefix)) {
			throw new IllegalArgumentException(title + ": expected '" + prefix + "', got " + line);
		}
		return line.substring(prefix.length());
	}

	private static List<Long> parseIds(String list) {
		return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(Long::valueOf).toList();
	}

	private static String unquote(String value) {
		return value.equals("null") ? null : value.substring(1, value.length() - 1);
	}

	// ---- The curl command -----------------------------------------------------------------------------------

	/** What curl sent: the method, the request target exactly as written (percent-escapes kept), the -H headers. */
	record Request(String method, String target, List<String> headers) {
	}

	static Request parseCurl(String title, String command) {
		List<String> words = shellWords(command);
		if (!words.get(0).equals("curl")) {
			throw new IllegalArgumentException(title + ": not a curl command: " + command);
		}
		String method = null;
		boolean head = false;
		String url = null;
		List<String> headers = new ArrayList<>();
		for (int i = 1; i < words.size(); i++) {
			String word = words.get(i);
			switch (word) {
				case "-s", "-i" -> {
				}
				case "-I" -> head = true;
				case "-X" -> method = words.get(++i);
				case "-H" -> headers.add(words.get(++i));
				default -> {
					if (word.startsWith("-") || url != null) {
						throw new IllegalArgumentException(title + ": unexpected curl argument " + word);
					}
					url = word;
				}
			}
		}
		if (url == null || !url.startsWith("http://" + LEGACY_HOST + "/")) {
			throw new IllegalArgumentException(title + ": no URL of the legacy service in " + command);
		}
		if (method == null) {
			method = head ? "HEAD" : "GET";
		}
		return new Request(method, url.substring(("http://" + LEGACY_HOST).length()), List.copyOf(headers));
	}

	/**
	 * The request headers curl sends: the legacy service's Host (so absolute links are built from it), curl's
	 * default {@code Accept: *}{@code /*} unless the command set its own, and the command's -H headers.
	 */
	static List<String> curlHeaders(List<String> commandHeaders) {
		List<String> headers = new ArrayList<>();
		headers.add("Host: " + LEGACY_HOST);
		headers.add("User-Agent: curl/7.88.1");
		if (commandHeaders.stream().noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("accept:"))) {
			headers.add("Accept: */*");
		}
		headers.addAll(commandHeaders);
		return List.copyOf(headers);
	}

	/** A POSIX shell's word splitting, for what the transcript uses: backslash escapes and quotes. */
	static List<String> shellWords(String command) {
		List<String> words = new ArrayList<>();
		StringBuilder word = null;
		for (int i = 0; i < command.length(); i++) {
			char c = command.charAt(i);
			if (c == ' ' || c == '\t') {
				if (word != null) {
					words.add(word.toString());
					word = null;
				}
				continue;
			}
			if (word == null) {
				word = new StringBuilder();
			}
			if (c == '\\') {
				word.append(command.charAt(++i));
			}
			else if (c == '\'') {
				int end = command.indexOf('\'', i + 1);
				word.append(command, i + 1, end);
				i = end;
			}
			else if (c == '"') {
				for (i++; command.charAt(i) != '"'; i++) {
					char d = command.charAt(i);
					if (d == '\\' && "$`\"\\".indexOf(command.charAt(i + 1)) >= 0) {
						d = command.charAt(++i);
					}
					word.append(d);
				}
			}
			else {
				word.append(c);
			}
		}
		if (word != null) {
			words.add(word.toString());
		}
		return words;
	}

}
