package dev.tokengate.graphql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.tokengate.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keyset pagination walks the whole result forward and backward, page by page, and sees every row exactly once, in
 * the order the REST list gives for the same ordering.
 */
class AuthTokenConnectionTest extends IntegrationTest {

	// language=GraphQL
	private static final String CONNECTION = """
			query($ordering: [AuthTokenOrder!], $search: String, $filter: AuthTokenFilter,
			      $first: Int, $after: String, $last: Int, $before: String) {
			  authTokenConnection(ordering: $ordering, search: $search, filter: $filter,
			                      first: $first, after: $after, last: $last, before: $before) {
			    totalCount
			    edges { cursor node { id } }
			    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
			  }
			}""";

	static Stream<Arguments> walks() {
		return Stream.of(
				Arguments.of("[]", "", null, "", 1000),
				Arguments.of("[{\"field\":\"CREATED_AT\",\"direction\":\"DESC\"}]", "ordering=-created_at", null, "", 777),
				Arguments.of("[{\"field\":\"UPDATED_AT\"},{\"field\":\"USER\",\"direction\":\"DESC\"}]",
						"ordering=updated_at,-user", null, "", 999),
				Arguments.of("[{\"field\":\"USER\"}]", "ordering=user", "zo", "&search=zo", 37),
				Arguments.of("[{\"field\":\"ID\",\"direction\":\"DESC\"}]", "ordering=-id", "alex", "&search=alex", 50));
	}

	@ParameterizedTest(name = "ordering {1}, search {2}, pages of {4}")
	@MethodSource("walks")
	void walkingForwardSeesEveryRowOnceInTheRestOrder(String ordering, String restOrdering, String search,
			String restSearch, int pageSize) {
		List<String> expected = restIds(restOrdering + restSearch);
		List<String> seen = new ArrayList<>();
		String after = null;
		boolean first = true;
		while (true) {
			DocumentContext page = page(ordering, search, "\"first\":" + pageSize, "after", after);
			List<String> ids = page.read("$.data.authTokenConnection.edges[*].node.id");
			seen.addAll(ids);
			assertThat(page.<Integer>read("$.data.authTokenConnection.totalCount")).isEqualTo(expected.size());
			assertThat(page.<Boolean>read("$.data.authTokenConnection.pageInfo.hasPreviousPage")).isEqualTo(!first);
			boolean hasNext = page.read("$.data.authTokenConnection.pageInfo.hasNextPage");
			assertThat(hasNext).isEqualTo(seen.size() < expected.size());
			if (!hasNext) {
				break;
			}
			after = page.read("$.data.authTokenConnection.pageInfo.endCursor");
			first = false;
		}
		assertThat(seen).containsExactlyElementsOf(expected);
		assertThat(new HashSet<>(seen)).hasSize(expected.size());
	}

	@ParameterizedTest(name = "ordering {1}, search {2}, pages of {4}")
	@MethodSource("walks")
	void walkingBackwardSeesEveryRowOnceInTheRestOrder(String ordering, String restOrdering, String search,
			String restSearch, int pageSize) {
		List<String> expected = restIds(restOrdering + restSearch);
		List<List<String>> pages = new ArrayList<>();
		String before = null;
		int seen = 0;
		boolean last = true;
		while (true) {
			DocumentContext page = page(ordering, search, "\"last\":" + pageSize, "before", before);
			List<String> ids = page.read("$.data.authTokenConnection.edges[*].node.id");
			pages.add(ids);
			seen += ids.size();
			assertThat(page.<Boolean>read("$.data.authTokenConnection.pageInfo.hasNextPage")).isEqualTo(!last);
			boolean hasPrevious = page.read("$.data.authTokenConnection.pageInfo.hasPreviousPage");
			assertThat(hasPrevious).isEqualTo(seen < expected.size());
			if (!hasPrevious) {
				break;
			}
			before = page.read("$.data.authTokenConnection.pageInfo.startCursor");
			last = false;
		}
		Collections.reverse(pages);
		List<String> all = pages.stream().flatMap(List::stream).toList();
		assertThat(all).containsExactlyElementsOf(expected);
	}

	@Test
	void afterAndBeforeTogetherGiveTheRowsBetween() {
		DocumentContext first = page("[]", null, "\"first\":10", "after", null);
		String third = first.read("$.data.authTokenConnection.edges[2].cursor");
		String eighth = first.read("$.data.authTokenConnection.edges[7].cursor");
		DocumentContext between = adminGraphQl(CONNECTION,
				"{\"first\": 100, \"after\": " + jsonString(third) + ", \"before\": " + jsonString(eighth) + "}");
		assertThat(between.<List<String>>read("$.data.authTokenConnection.edges[*].node.id"))
			.containsExactly("4", "5", "6", "7");
		assertThat(between.<Boolean>read("$.data.authTokenConnection.pageInfo.hasNextPage")).isTrue();
		assertThat(between.<Boolean>read("$.data.authTokenConnection.pageInfo.hasPreviousPage")).isTrue();
	}

	@Test
	void anEmptyResultHasNoCursors() {
		DocumentContext empty = adminGraphQl(CONNECTION, "{\"search\": \"no such token anywhere\"}");
		assertThat(empty.<Integer>read("$.data.authTokenConnection.totalCount")).isZero();
		assertThat(empty.<List<Object>>read("$.data.authTokenConnection.edges")).isEmpty();
		assertThat(empty.<Object>read("$.data.authTokenConnection.pageInfo.startCursor")).isNull();
		assertThat(empty.<Boolean>read("$.data.authTokenConnection.pageInfo.hasNextPage")).isFalse();
	}

	private DocumentContext page(String ordering, String search, String size, String cursorName, String cursor) {
		String variables = "{\"ordering\":" + ordering + "," + size
				+ (search == null ? "" : ",\"search\":" + jsonString(search))
				+ (cursor == null ? "" : ",\"" + cursorName + "\":" + jsonString(cursor)) + "}";
		DocumentContext page = adminGraphQl(CONNECTION, variables);
		assertThat(page.jsonString()).doesNotContain("\"errors\"");
		return page;
	}

	private List<String> restIds(String query) {
		String body = rest(query.startsWith("&") ? query.substring(1) : query).text();
		return JsonPath.<List<Integer>>read(body, "$[*].id").stream().map(String::valueOf).toList();
	}

}
