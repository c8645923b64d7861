package dev.tokengate.rest;

import java.util.List;

import com.jayway.jsonpath.JsonPath;
import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RawHttp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The unpaginated list (no limit) as the legacy service sent it, a bare array with its Content-Length, when it fits in
 * one piece of the stream; a longer one is streamed in chunks as it is read, its length unknown in advance.
 */
class UnpaginatedListTest extends IntegrationTest {

	@Test
	void aShortListGoesOutWholeWithItsContentLength() {
		RawHttp.Response response = rest("id_min=1&id_max=10&ordering=-id");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Transfer-Encoding")).isNull();
		assertThat(response.header("Content-Length")).isEqualTo(Integer.toString(response.body().length));
		List<Integer> ids = JsonPath.parse(response.text()).read("$[*].id");
		assertThat(ids).containsExactly(10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
	}

	@Test
	void aLongListIsStreamedInChunksWithEveryRow() {
		long tokens = this.jdbc.queryForObject("SELECT count(*) FROM auth_tokens", Long.class);

		RawHttp.Response response = rest("");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Transfer-Encoding")).isEqualToIgnoringCase("chunked");
		assertThat(response.header("Content-Length")).isNull();
		assertThat(response.body().length).isGreaterThan(64 * 1024);
		List<Integer> ids = JsonPath.parse(response.text()).read("$[*].id");
		assertThat(ids).hasSize((int) tokens).doesNotHaveDuplicates();
	}

	@Test
	void aHeadOfAShortListAnnouncesTheLengthOfItsGet() {
		int length = rest("id_min=1&id_max=10").body().length;

		RawHttp.Response head = http().send("HEAD", API + "?id_min=1&id_max=10", List.of(ADMIN), null);

		assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(length));
		assertThat(head.body()).isEmpty();
	}

}
