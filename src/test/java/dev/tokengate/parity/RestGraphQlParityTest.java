package dev.tokengate.parity;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RawHttp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated REST queries and their GraphQL mirrors return the same count and the same rows in the same order, with
 * every field value identical (timestamps as the same strings).
 */
class RestGraphQlParityTest extends IntegrationTest {

	private static final long SEED = 20261128L;

	private static final int QUERIES = 60;

	private static final List<String> SEARCHES = List.of("alex", "zoë", "ZOË", "李", "%", "_", "a_b", "50%", "123",
			"sam smith", "o'brien", "ADMIN", "+1555", "alex,thompson", "\\", "müller", "ÑÚÑEZ", "jean-luc", "7", "e",
			"ana maría", "d'arcy", "van der", "0000", "smith,zoë");

	private static final String[] FIELDS = { "id", "created_at", "updated_at", "user" };

	private static final String[] ENUMS = { "ID", "CREATED_AT", "UPDATED_AT", "USER" };

	// language=GraphQL
	private static final String MIRROR = """
			query($filter: AuthTokenFilter, $search: String, $ordering: [AuthTokenOrder!], $limit: Int, $offset: Int) {
			  authTokens(filter: $filter, search: $search, ordering: $ordering, limit: $limit, offset: $offset) {
			    totalCount
			    results { id key userData { id username fullName } createdAt updatedAt }
			  }
			}""";

	/** One generated query: the REST query string and the GraphQL variables that mean the same. */
	record Case(String rest, String variables) {

		@Override
		public String toString() {
			return this.rest;
		}

	}

	static Stream<Arguments> generatedQueries() {
		Random random = new Random(SEED);
		return IntStream.range(0, QUERIES).mapToObj(i -> Arguments.of(generate(random)));
	}

	/** Cases that listed rows: the generator must not drift into comparing empty pages. */
	private static final java.util.concurrent.atomic.AtomicInteger nonEmpty = new java.util.concurrent.atomic.AtomicInteger();

	@org.junit.jupiter.api.AfterAll
	static void mostGeneratedQueriesListRows() {
		assertThat(nonEmpty.get()).as("generated queries with rows").isGreaterThanOrEqualTo(QUERIES / 2);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("generatedQueries")
	void restAndGraphQlReturnTheSameRows(Case query) {
		RawHttp.Response rest = rest(query.rest());
		assertThat(rest.status()).as(rest.text()).isEqualTo(200);
		DocumentContext restJson = JsonPath.parse(rest.text());
		DocumentContext graphQl = adminGraphQl(MIRROR, query.variables());
		assertThat(graphQl.jsonString()).doesNotContain("\"errors\"");

		assertThat(graphQl.<Integer>read("$.data.authTokens.totalCount")).isEqualTo(restJson.<Integer>read("$.count"));
		List<Map<String, Object>> restRows = restJson.read("$.results");
		List<Map<String, Object>> graphRows = graphQl.read("$.data.authTokens.results");
		assertThat(graphRows).hasSameSizeAs(restRows);
		if (!restRows.isEmpty()) {
			nonEmpty.incrementAndGet();
		}
		for (int i = 0; i < restRows.size(); i++) {
			Map<String, Object> r = restRows.get(i);
			Map<String, Object> g = graphRows.get(i);
			@SuppressWarnings("unchecked")
			Map<String, Object> ru = (Map<String, Object>) r.get("user_data");
			@SuppressWarnings("unchecked")
			Map<String, Object> gu = (Map<String, Object>) g.get("userData");
			assertThat(g.get("id")).as("row %d id", i).isEqualTo(String.valueOf(r.get("id")));
			assertThat(g.get("key")).isEqualTo(r.get("key"));
			assertThat(gu.get("id")).isEqualTo(String.valueOf(ru.get("id")));
			assertThat(gu.get("username")).isEqualTo(ru.get("username"));
			assertThat(gu.get("fullName")).isEqualTo(ru.get("full_name"));
			assertThat(g.get("createdAt")).isEqualTo(r.get("created_at"));
			assertThat(g.get("updatedAt")).isEqualTo(r.get("updated_at"));
		}
	}

	private static Case generate(Random random) {
		List<String> rest = new ArrayList<>();
		List<String> filter = new ArrayList<>();
		if (random.nextInt(3) == 0) {
			int min = 1 + random.nextInt(4000);
			rest.add("id_min=" + min);
			filter.add("\"idMin\":" + min);
		}
		if (random.nextInt(3) == 0) {
			int max = 500 + random.nextInt(4600);
			rest.add("id_max=" + max);
			filter.add("\"idMax\":" + max);
		}
		String[][] dates = { { "created_date", "createdDate" }, { "updated_date", "updatedDate" },
				{ "created_from", "createdFrom" }, { "created_to", "createdTo" }, { "updated_from", "updatedFrom" },
				{ "updated_to", "updatedTo" } };
		for (String[] date : dates) {
			if (random.nextInt(6) == 0) {
				LocalDate day = LocalDate.of(2025, 1, 1).plusDays(random.nextInt(620));
				rest.add(date[0] + "=" + encode(legacyFormat(day, random)));
				filter.add("\"" + date[1] + "\":\"" + day + "\"");
			}
		}
		String search = null;
		if (random.nextInt(2) == 0) {
			search = SEARCHES.get(random.nextInt(SEARCHES.size()));
			rest.add("search=" + encode(search));
		}
		List<String> terms = new ArrayList<>();
		List<String> orders = new ArrayList<>();
		for (int n = random.nextInt(4); n > 0; n--) {
			int f = random.nextInt(FIELDS.length);
			boolean descending = random.nextBoolean();
			terms.add((descending ? "-" : "") + FIELDS[f]);
			orders.add("{\"field\":\"" + ENUMS[f] + "\",\"direction\":\"" + (descending ? "DESC" : "ASC") + "\"}");
		}
		if (!terms.isEmpty()) {
			rest.add("ordering=" + encode(String.join(",", terms)));
		}
		int limit = 1 + random.nextInt(random.nextBoolean() ? 20 : 300);
		int offset = random.nextBoolean() ? 0 : random.nextInt(400);
		rest.add("limit=" + limit);
		rest.add("offset=" + offset);
		String variables = "{\"filter\":{" + String.join(",", filter) + "},"
				+ (search == null ? "" : "\"search\":" + jsonString(search) + ",") + "\"ordering\":["
				+ String.join(",", orders) + "],\"limit\":" + limit + ",\"offset\":" + offset + "}";
		return new Case(String.join("&", rest), variables);
	}

	/** The same day in one of the formats Django accepts. */
	private static String legacyFormat(LocalDate day, Random random) {
		return switch (random.nextInt(4)) {
			case 0 -> day.toString();
			case 1 -> day.format(DateTimeFormatter.ofPattern("M/d/yyyy"));
			case 2 -> day.format(DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.ENGLISH));
			default -> day.getYear() + "-" + day.getMonthValue() + "-" + day.getDayOfMonth();
		};
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
