package dev.tokengate.rest;

import java.util.List;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RawHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page whose limit is longer than the service reads in one batch (REST takes any limit) is read in batches from one
 * snapshot and written as it is read: the same envelope, count and rows as a short page's, with its Content-Length up
 * to 2 MB and streamed in chunks beyond, so that {@code limit=99999999999999999999} on a large table does not hold
 * every row in memory.
 */
class LongPageTest extends IntegrationTest {

	/** This class's own copy of the database gets 5,000 more tokens: 10,000 rows are about 2.2 MB of JSON. */
	@BeforeEach
	void tenThousandTokens() {
		this.jdbc.update("INSERT INTO auth_tokens (key, user_id, created_at, updated_at) SELECT rpad(md5('long' || n), 40,"
				+ " 'f'), 1 + n % 1000, timestamptz '2025-06-01' + n * interval '1 min', timestamptz '2025-06-02' + n *"
				+ " interval '1 s' FROM generate_series(1, 10000 - (SELECT count(*) FROM auth_tokens)) n");
	}

	@Test
	void aLongPageHoldsTheRowsOfItsWindowWithItsLinks() {
		List<Long> every = ids(JsonPath.parse(rest("ordering=-created_at").text()), "$[*].id");
		assertThat(every).hasSize(10_000);

		RawHttp.Response response = rest("limit=3000&offset=1500&ordering=-created_at");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Length")).isEqualTo(Integer.toString(response.body().length));
		DocumentContext page = JsonPath.parse(response.text());
		assertThat(((Number) page.read("$.count")).longValue()).isEqualTo(10_000);
		assertThat((String) page.read("$.next")).endsWith(API + "?limit=3000&offset=4500&ordering=-created_at");
		assertThat((String) page.read("$.previous")).endsWith(API + "?limit=3000&ordering=-created_at");
		assertThat(ids(page, "$.results[*].id")).isEqualTo(every.subList(1500, 4500));
		// The same rows and bytes as short pages give, one after the other.
		StringBuilder shortPages = new StringBuilder();
		for (int offset = 1500; offset < 4500; offset += 1000) {
			String results = rest("limit=1000&offset=" + offset + "&ordering=-created_at").text();
			results = results.substring(results.indexOf("\"results\":[") + 11, results.length() - 2);
			shortPages.append(shortPages.isEmpty() ? "" : ",").append(results);
		}
		assertThat(response.text()).endsWith("\"results\":[" + shortPages + "]}");
	}

	@Test
	void aSearchOrFilterReadsItsLongPageInBatchesToo() {
		for (String query : List.of("search=a", "search=a,1", "id_min=2000&created_from=2025-06-01")) {
			List<Long> every = ids(JsonPath.parse(rest(query).text()), "$[*].id");
			assertThat(every).as(query).hasSizeGreaterThan(2001);

			DocumentContext page = JsonPath.parse(rest(query + "&limit=99999&offset=1").text());

			assertThat(((Number) page.read("$.count")).longValue()).as(query).isEqualTo(every.size());
			assertThat(ids(page, "$.results[*].id")).as(query).isEqualTo(every.subList(1, every.size()));
			assertThat((String) page.read("$.next")).as(query).isNull();
		}
	}

	@Test
	void anEnvelopeOverTwoMegabytesIsStreamedInChunks() {
		RawHttp.Response response = rest("limit=99999999999999999999");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Transfer-Encoding")).isEqualToIgnoringCase("chunked");
		assertThat(response.header("Content-Length")).isNull();
		assertThat(response.body().length).isGreaterThan(2 * 1024 * 1024);
		String json = response.text();
		assertThat(json).startsWith("{\"count\":10000,\"next\":null,\"previous\":null,\"results\":[{\"id\":1,")
			.endsWith("}]}");
		List<Long> ids = ids(JsonPath.parse(json), "$.results[*].id");
		assertThat(ids).hasSize(10_000).isSorted().doesNotHaveDuplicates();

		RawHttp.Response head = http().send("HEAD", API + "?limit=99999999999999999999", List.of(ADMIN), null);
		assertThat(head.status()).isEqualTo(200);
		assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(response.body().length));
		assertThat(head.body()).isEmpty();
	}

	private static List<Long> ids(DocumentContext json, String path) {
		List<Number> ids = json.read(path);
		return ids.stream().map(Number::longValue).toList();
	}

}
