package dev.tokengate.graphql;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GraphQL over GET, as the contract allows ("POST /graphql (and GET for queries)"): the request in the query string is
 * answered exactly as the same request POSTed, and a query string that is not a GraphQL request is a 400 with a
 * GraphQL error classified BAD_REQUEST.
 */
class GraphQlGetTest extends IntegrationTest {

	// language=GraphQL
	private static final String PAGE = """
			query Page($limit: Int) {
			  authTokens(limit: $limit, ordering: [{ field: ID, direction: DESC }]) {
			    totalCount limit results { id key userData { username fullName } createdAt }
			  }
			}""";

	@Test
	void aQueryByGetIsAnsweredAsTheSamePost() {
		RawHttp.Response get = get("query=" + encode(PAGE) + "&variables=" + encode("{\"limit\":3}")
				+ "&operationName=Page", ADMIN);
		RawHttp.Response post = graphQl(PAGE, "{\"limit\":3}", ADMIN);
		assertThat(get.status()).isEqualTo(200);
		assertThat(get.text()).isEqualTo(post.text());
		assertThat(JsonPath.<List<String>>read(get.text(), "$.data.authTokens.results[*].id"))
			.containsExactly("5000", "4999", "4998");
		assertThat(get.header("Content-Type")).isEqualTo(post.header("Content-Type"));
		assertThat(get.header("Cache-Control")).isEqualTo("no-store");
	}

	@Test
	void charactersTomcatAcceptsRawAreReadLikeTheirEscapes() {
		RawHttp.Response response = get("query={authTokens(ordering:[{field:ID,direction:DESC}],limit:1){results{id}}}",
				ADMIN);
		assertThat(response.status()).isEqualTo(200);
		assertThat(JsonPath.<List<String>>read(response.text(), "$.data.authTokens.results[*].id"))
			.containsExactly("5000");
	}

	@Test
	void aGetIsAuthorizedLikeAPost() {
		String query = "query=" + encode("{ authTokens(limit: 1) { totalCount } }");
		assertThat(JsonPath.<String>read(get(query).text(), "$.errors[0].extensions.classification"))
			.isEqualTo("UNAUTHORIZED");
		assertThat(JsonPath.<String>read(get(query, "Authorization: Token " + PLAIN_KEY).text(),
				"$.errors[0].extensions.classification"))
			.isEqualTo("FORBIDDEN");
		assertThat(get(query, "Authorization: Token x0000000000000000000000000000000000nope").status()).isEqualTo(401);
	}

	@Test
	void theLimitsApplyToAGet() {
		RawHttp.Response response = get("query=" + encode("{ a: authTokens { limit } b: authTokens { limit } "
				+ "c: authTokens { limit } d: authTokens { limit } e: authTokens { limit } f: authTokens { limit } "
				+ "g: authTokens { limit } h: authTokens { limit } i: authTokens { limit } j: authTokens { limit } "
				+ "k: authTokens { limit } }"), ADMIN);
		assertThat(JsonPath.<String>read(response.text(), "$.errors[0].message")).startsWith("The query costs 1");
		assertThat(JsonPath.<String>read(response.text(), "$.errors[0].extensions.classification"))
			.isEqualTo("BAD_REQUEST");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "", "variables=%7B%7D", "query=%7B__typename%7D&variables=limit",
			"query=%7B__typename%7D&variables=%5B1%5D", "query=%7B__typename%7D&extensions=true",
			"query=%7B__typename%7D&query=%7B__typename%7D", "query=%7B__typename%7D&variables=%7B",
			"query=%7B__typename%", "query=%7B__typename%Z1%7D", "query=%7B__typename%E9%7D",
			"query=%7B__typename%C0%80%7D", "query=%7B__typename%ED%A0%80%7D" })
	void aQueryStringThatIsNotAGraphQlRequestIsABadRequest(String queryString) {
		GraphQlRequestBodyTest.assertNotAGraphQlRequest(get(queryString, ADMIN));
	}

	@Test
	void aMutationByGetIsRefusedByTheSchemaWhichHasNone() {
		RawHttp.Response response = get("query=" + encode("mutation { authTokens { limit } }"), ADMIN);
		assertThat(JsonPath.<String>read(response.text(), "$.errors[0].extensions.classification"))
			.isEqualTo("ValidationError");
		assertThat(response.text()).doesNotContain("\"data\":{");
	}

	private RawHttp.Response get(String queryString, String... headers) {
		return http().get("/graphql" + (queryString.isEmpty() ? "" : "?" + queryString), headers);
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

}
