package dev.tokengate.graphql;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RawHttp;
import dev.tokengate.support.StatementCounter;
import graphql.introspection.IntrospectionQuery;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Abusive GraphQL is refused with a BAD_REQUEST before any SQL runs; ordinary queries pass the default limits. The token
 * cache is off, so that every request looks its key up: the statements of two requests are compared, and with the cache
 * on they would differ whenever it began listening between the two.
 */
@Import(StatementCounter.class)
@TestPropertySource(properties = "tokengate.token-cache.max-age=0")
class QueryLimitsTest extends IntegrationTest {

	@Autowired
	StatementCounter statements;

	@Test
	void fiveHundredAliasedQueriesAreRefusedBeforeAnySqlRuns() {
		String document = IntStream.range(0, 500)
			.mapToObj(i -> "a" + i + ":authTokens{totalCount}")
			.collect(Collectors.joining(" ", "{", "}"));
		long authenticationOnly = statementsRunBy("{ __typename }");

		long before = this.statements.count();
		DocumentContext result = adminGraphQl(document, null);
		long ran = this.statements.count() - before;

		assertThat(result.<String>read("$.errors[0].extensions.classification")).isEqualTo("BAD_REQUEST");
		assertThat(result.<String>read("$.errors[0].message"))
			.isEqualTo("The query costs 50500 (1 per field, 100 per query field, aliases included); the limit is 1000");
		assertThat(result.jsonString()).doesNotContain("\"data\"");
		assertThat(ran).as("statements: the token lookup only").isEqualTo(authenticationOnly);
	}

	@Test
	void theStatementCounterSeesTheQueriesOfAnAllowedRequest() {
		long authenticationOnly = statementsRunBy("{ __typename }");
		assertThat(statementsRunBy("{ a: authTokens { totalCount } b: authTokens { totalCount } }"))
			.isGreaterThan(authenticationOnly);
	}

	@Test
	void theReadmeExampleIsWithinTheDefaultLimits() {
		DocumentContext result = adminGraphQl("""
				{
				  authTokens(search: "alex", ordering: [{ field: CREATED_AT, direction: DESC }], limit: 5) {
				    totalCount
				    results { id key userData { id username fullName } createdAt updatedAt }
				  }
				  authTokenConnection(filter: { createdFrom: "2025-03-01", createdTo: "2025-03-31" }, first: 3) {
				    edges { cursor node { id createdAt } }
				    pageInfo { hasNextPage endCursor }
				  }
				}""", null);
		assertNoErrors(result.jsonString());
		assertThat(result.<List<String>>read("$.data.authTokenConnection.edges[*].cursor")).hasSize(3);
	}

	@Test
	void nineQueryFieldsAreAllowedAndElevenAreNot() {
		assertNoErrors(aliases(9).jsonString());
		assertThat(aliases(11).<String>read("$.errors[0].extensions.classification")).isEqualTo("BAD_REQUEST");
	}

	@Test
	void aDocumentOnceWithinTheLimitsIsRefusedWhenItsVariablesIncludeMore() {
		String document = IntStream.range(0, 11)
			.mapToObj(i -> "a" + i + ": authTokens(limit: 1) @include(if: $all) { totalCount }")
			.collect(Collectors.joining(" ", "query($all: Boolean!) { __typename ", " }"));
		assertNoErrors(adminGraphQl(document, "{\"all\": false}").jsonString());
		assertNoErrors(adminGraphQl(document, "{\"all\": false}").jsonString());
		assertThat(adminGraphQl(document, "{\"all\": true}").<String>read("$.errors[0].message"))
			.startsWith("The query costs 1");
	}

	@Test
	void eachOperationOfADocumentIsCheckedOnItsOwn() {
		String document = "query Cheap { authTokens(limit: 1) { totalCount } } " + IntStream.range(0, 11)
			.mapToObj(i -> "a" + i + ": authTokens(limit: 1) { totalCount }")
			.collect(Collectors.joining(" ", "query Dear { ", " }"));
		String cheap = "{\"query\":" + jsonString(document) + ",\"operationName\":\"Cheap\"}";
		String dear = cheap.replace("\"Cheap\"}", "\"Dear\"}");
		assertNoErrors(post(cheap).text());
		assertNoErrors(post(cheap).text());
		assertThat(JsonPath.<String>read(post(dear).text(), "$.errors[0].message")).startsWith("The query costs 1");
		assertNoErrors(post(cheap).text());
	}

	private DocumentContext aliases(int count) {
		return adminGraphQl(IntStream.range(0, count)
			.mapToObj(i -> "a" + i + ": authTokens(limit: 1) { totalCount }")
			.collect(Collectors.joining(" ", "{ ", " }")), null);
	}

	@Test
	void theConsolesIntrospectionQueryIsAllowedWithoutAToken() {
		RawHttp.Response response = graphQl(IntrospectionQuery.INTROSPECTION_QUERY, null);
		assertThat(response.status()).isEqualTo(200);
		assertNoErrors(response.text());
		assertThat(JsonPath.<List<String>>read(response.text(), "$.data.__schema.types[*].name")).contains("AuthToken");
	}

	@Test
	void aQueryDeeperThanFifteenFieldsIsRefused() {
		String sixteen = "{ __type(name: \"AuthToken\") { fields { type" + " { ofType".repeat(12) + " { name }"
				+ " }".repeat(12) + " } } }";
		DocumentContext result = JsonPath.parse(graphQl(sixteen, null).text());
		assertThat(result.<String>read("$.errors[0].extensions.classification")).isEqualTo("BAD_REQUEST");
		assertThat(result.<String>read("$.errors[0].message")).isEqualTo("The query is 16 fields deep; the limit is 15");

		String fifteen = sixteen.replace("{ ofType { name } }", "{ name }");
		assertNoErrors(graphQl(fifteen, null).text());
	}

	@Test
	void aDocumentOverSixteenKibibytesIsRefusedBeforeItIsParsed() {
		String padding = "# " + "x".repeat(16384 - 40) + "\n";
		String document = padding + "{ __typename }";
		assertThat(document.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(16384);
		assertThat(JsonPath.<String>read(graphQl(document, null).text(), "$.data.__typename")).isEqualTo("Query");

		String tooBig = "# " + "é".repeat(8200) + "\n{ __typename }";
		RawHttp.Response response = graphQl(tooBig, null);
		assertThat(response.status()).isEqualTo(200);
		assertThat(JsonPath.<String>read(response.text(), "$.errors[0].extensions.classification"))
			.isEqualTo("BAD_REQUEST");
		assertThat(JsonPath.<String>read(response.text(), "$.errors[0].message"))
			.isEqualTo("The document is 16417 bytes; the limit is 16384");
	}

	@Test
	void theParsersOwnLimitsGiveAClassifiedErrorNotA500() {
		RawHttp.Response response = graphQl("{" + "a{".repeat(600) + "}".repeat(601), null, ADMIN);
		assertThat(response.status()).isEqualTo(200);
		assertThat(JsonPath.<String>read(response.text(), "$.errors[0].extensions.classification"))
			.isEqualTo("InvalidSyntax");
		assertThat(JsonPath.<String>read(response.text(), "$.errors[0].message")).contains("parsing has been cancelled");
	}

	@Test
	void aBatchIsRefusedWithA400AndAGraphQlError() {
		RawHttp.Response response = post("[{\"query\":\"{ __typename }\"},{\"query\":\"{ __typename }\"}]");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/json");
		assertThat(JsonPath.<String>read(response.text(), "$.errors[0].extensions.classification"))
			.isEqualTo("BAD_REQUEST");
		assertThat(JsonPath.<String>read(response.text(), "$.errors[0].message")).contains("batched requests");
		assertThat(response.text()).doesNotContain("Exception");
	}

	@Test
	void aBodyThatIsNotJsonIsRefusedTheSameWay() {
		RawHttp.Response response = post("{\"query\":");
		assertThat(response.status()).isEqualTo(400);
		assertThat(JsonPath.<String>read(response.text(), "$.errors[0].extensions.classification"))
			.isEqualTo("BAD_REQUEST");
	}

	@Test
	void graphQlResponsesCarryTheSecurityHeaders() {
		for (RawHttp.Response response : List.of(graphQl("{ __typename }", null, ADMIN), post("[]"))) {
			assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
			assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
			assertThat(response.header("Referrer-Policy")).isEqualTo("same-origin");
		}
	}

	private RawHttp.Response post(String body) {
		return http().send("POST", "/graphql", List.of("Content-Type: application/json", ADMIN),
				body.getBytes(StandardCharsets.UTF_8));
	}

	private static void assertNoErrors(String json) {
		assertThat(json).startsWith("{\"data\":").doesNotContain("\"errors\"");
	}

	private long statementsRunBy(String document) {
		long before = this.statements.count();
		DocumentContext result = adminGraphQl(document, null);
		assertNoErrors(result.jsonString());
		return this.statements.count() - before;
	}

}
