package dev.tokengate.graphql;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.jayway.jsonpath.DocumentContext;
import dev.tokengate.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** GraphQL is strict where REST is lenient: every out-of-range or malformed argument is a BAD_REQUEST naming it. */
class GraphQlArgumentsTest extends IntegrationTest {

	static Stream<Arguments> badArguments() {
		return Stream.of(
				Arguments.of("{ authTokens(limit: 0) { totalCount } }", "limit"),
				Arguments.of("{ authTokens(limit: 1001) { totalCount } }", "limit"),
				Arguments.of("{ authTokens(limit: -5) { totalCount } }", "limit"),
				Arguments.of("{ authTokens(offset: -1) { totalCount } }", "offset"),
				Arguments.of("{ authTokens(limit: \"ten\") { totalCount } }", "limit"),
				Arguments.of("{ authTokens(filter: { createdDate: \"2025-13-45\" }) { totalCount } }", "createdDate"),
				Arguments.of("{ authTokens(filter: { updatedFrom: \"08/06/2025\" }) { totalCount } }", "updatedFrom"),
				Arguments.of("{ authTokens(filter: { idMin: \"abc\" }) { totalCount } }", "idMin"),
				Arguments.of("{ authTokens(filter: { createdTo: \"+999999999-12-31\" }) { totalCount } }", "createdTo"),
				Arguments.of("{ authTokens(filter: { updatedFrom: \"-4714-11-23\" }) { totalCount } }", "updatedFrom"),
				Arguments.of("{ authTokens(filter: { createdDate: \"0000-01-01\" }) { totalCount } }", "createdDate"),
				Arguments.of("{ authTokens(filter: { updatedTo: \"+10000-01-01\" }) { totalCount } }", "updatedTo"),
				Arguments.of("{ authTokens(ordering: [{ field: KEY }]) { totalCount } }", "ordering"),
				Arguments.of("{ authTokens(search: \"" + words(101) + "\") { totalCount } }", "search"),
				Arguments.of("{ authTokenConnection(search: \"" + words(101) + "\") { totalCount } }", "search"),
				Arguments.of("{ authTokenConnection(first: 0) { totalCount } }", "first"),
				Arguments.of("{ authTokenConnection(first: 1001) { totalCount } }", "first"),
				Arguments.of("{ authTokenConnection(last: 0) { totalCount } }", "last"),
				Arguments.of("{ authTokenConnection(first: 5, last: 5) { totalCount } }", "last"),
				Arguments.of("{ authTokenConnection(after: \"not-a-cursor\") { totalCount } }", "after"),
				Arguments.of("{ authTokenConnection(before: \"AAAA.BBBB\") { totalCount } }", "before"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badArguments")
	void aBadArgumentIsABadRequestNamingIt(String document, String argument) {
		DocumentContext result = adminGraphQl(document, null);
		assertThat(result.<String>read("$.errors[0].extensions.classification")).isEqualTo("BAD_REQUEST");
		assertThat(result.<String>read("$.errors[0].message")).contains(argument);
		assertThat(result.jsonString()).doesNotContain("\"results\"").doesNotContain("Exception");
	}

	@Test
	void aNullFilterOrOrderingOrDirectionMeansNoConditionAndAscending() {
		// language=GraphQL
		DocumentContext result = adminGraphQl("""
				{
				  all: authTokens(filter: null, ordering: null, limit: 1) { totalCount }
				  first: authTokens(filter: { idMin: null, idMax: 3 }, ordering: [{ field: ID, direction: null }]) {
				    results { id }
				  }
				}""", null);
		assertThat(result.<Integer>read("$.data.all.totalCount")).isEqualTo(5000);
		assertThat(result.<List<String>>read("$.data.first.results[*].id")).containsExactly("1", "2", "3");
	}

	@Test
	void filterAndOrderingFromVariablesAreReadAsFromLiterals() {
		// language=GraphQL
		String document = """
				query($filter: AuthTokenFilter, $ordering: [AuthTokenOrder!]) {
				  variables: authTokens(filter: $filter, ordering: $ordering) { results { id } }
				  literals: authTokens(filter: { idMin: 10, idMax: 12, createdFrom: "2000-01-01" },
				    ordering: [{ field: ID, direction: DESC }]) { results { id } }
				}""";
		DocumentContext result = adminGraphQl(document, "{\"filter\": {\"idMin\": 10, \"idMax\": 12, "
				+ "\"createdFrom\": \"2000-01-01\"}, \"ordering\": [{\"field\": \"ID\", \"direction\": \"DESC\"}]}");
		assertThat(result.<List<String>>read("$.data.variables.results[*].id")).containsExactly("12", "11", "10");
		assertThat(result.<List<String>>read("$.data.literals.results[*].id")).containsExactly("12", "11", "10");
	}

	@Test
	void aBadDateInVariablesIsABadRequestNamingTheVariable() {
		// language=GraphQL
		String document = "query($filter: AuthTokenFilter) { authTokens(filter: $filter) { totalCount } }";
		DocumentContext result = adminGraphQl(document, "{\"filter\": {\"createdDate\": \"2025-02-30\"}}");
		assertThat(result.<String>read("$.errors[0].extensions.classification")).isEqualTo("BAD_REQUEST");
		assertThat(result.<String>read("$.errors[0].message")).contains("'filter'");
	}

	@Test
	void aCursorCannotBeTamperedWith() {
		String cursor = adminGraphQl("{ authTokenConnection(first: 1) { pageInfo { endCursor } } }", null)
			.read("$.data.authTokenConnection.pageInfo.endCursor");
		String payload = cursor.substring(0, cursor.indexOf('.'));
		// Re-encode the payload with another id but keep the signature.
		String decoded = new String(java.util.Base64.getUrlDecoder().decode(payload));
		String forged = java.util.Base64.getUrlEncoder().withoutPadding()
			.encodeToString(decoded.replaceAll("\\d+$", "4000").getBytes()) + cursor.substring(cursor.indexOf('.'));
		DocumentContext result = adminGraphQl(
				"query($after: String) { authTokenConnection(first: 1, after: $after) { edges { node { id } } } }",
				"{\"after\": " + jsonString(forged) + "}");
		assertThat(result.<String>read("$.errors[0].extensions.classification")).isEqualTo("BAD_REQUEST");
		assertThat(result.<String>read("$.errors[0].message")).contains("'after'");
	}

	@Test
	void aCursorOfAnotherOrderingIsRefused() {
		String cursor = adminGraphQl("{ authTokenConnection(first: 1) { pageInfo { endCursor } } }", null)
			.read("$.data.authTokenConnection.pageInfo.endCursor");
		DocumentContext result = adminGraphQl("""
				query($after: String) {
				  authTokenConnection(first: 1, after: $after, ordering: [{ field: CREATED_AT }]) { edges { node { id } } }
				}""", "{\"after\": " + jsonString(cursor) + "}");
		assertThat(result.<String>read("$.errors[0].extensions.classification")).isEqualTo("BAD_REQUEST");
		assertThat(result.<String>read("$.errors[0].message")).contains("'after'").contains("ordering");
	}

	@Test
	void theDefaultsAreLimit100AndOffset0() {
		DocumentContext result = adminGraphQl("{ authTokens { limit offset results { id } } }", null);
		assertThat(result.<Integer>read("$.data.authTokens.limit")).isEqualTo(100);
		assertThat(result.<Integer>read("$.data.authTokens.offset")).isEqualTo(0);
		assertThat(result.<List<String>>read("$.data.authTokens.results[*].id")).hasSize(100).startsWith("1", "2");
	}

	@Test
	void theBoundsThemselvesAreAccepted() {
		DocumentContext result = adminGraphQl(
				"{ a: authTokens(limit: 1000, offset: 4999) { results { id } } b: authTokens(limit: 1) { results { id } } }",
				null);
		assertThat(result.<List<String>>read("$.data.a.results[*].id")).containsExactly("5000");
		assertThat(result.<List<String>>read("$.data.b.results[*].id")).containsExactly("1");
	}

	/** Thousands of words, ten different ones: repeated words are one condition, not a statement too large to run. */
	@Test
	void aSearchOfManyRepeatedWordsIsAnswered() {
		String document = "query($s: String) { authTokens(search: $s) { totalCount } }";
		String repeated = (words(10) + " ").repeat(1200);
		DocumentContext many = adminGraphQl(document, "{\"s\": " + jsonString(repeated) + "}");
		DocumentContext once = adminGraphQl(document, "{\"s\": " + jsonString(words(10)) + "}");
		assertThat(many.<Integer>read("$.data.authTokens.totalCount")).isPositive()
			.isEqualTo(once.<Integer>read("$.data.authTokens.totalCount"));
	}

	@Test
	void aSearchOfAHundredDifferentWordsIsAnswered() {
		DocumentContext result = adminGraphQl("{ authTokens(search: \"" + words(100) + "\") { totalCount } }", null);
		assertThat(result.<Integer>read("$.data.authTokens.totalCount")).isZero();
	}

	/** The numbers 0 to count - 1, separated by spaces. */
	private static String words(int count) {
		return IntStream.range(0, count).mapToObj(Integer::toString).collect(Collectors.joining(" "));
	}

	@Test
	void datesRunFromYear1To9999AsInRest() {
		DocumentContext result = adminGraphQl("""
				{ authTokens(filter: { createdFrom: "0001-01-01", createdTo: "9999-12-31", updatedTo: "9999-12-31" }) {
				    totalCount } }""", null);
		assertThat(result.<Integer>read("$.data.authTokens.totalCount")).isEqualTo(5000);
	}

	@Test
	void timestampsKeepTheirMicroseconds() {
		DocumentContext result = adminGraphQl(
				"{ authTokens(filter: { idMin: 4, idMax: 10 }) { results { id createdAt updatedAt } } }", null);
		assertThat(result.<List<String>>read("$.data.authTokens.results[*].createdAt")).containsExactly(
				"2025-01-01T00:00:00Z", "2025-07-05T10:59:55.523645Z", "2025-08-11T13:11:54.628374Z",
				"2025-09-17T15:23:53.733103Z", "2025-10-24T17:35:52Z",
				result.<String>read("$.data.authTokens.results[5].createdAt"), "2026-01-06T21:59:50.047290Z");
		assertThat(result.<String>read("$.data.authTokens.results[2].updatedAt")).isEqualTo("2025-08-11T13:17:54.628374Z");
	}

}
