package dev.tokengate.graphql;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.tokengate.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A document is parsed and validated once and then served from the cache; what the cache holds answers exactly as a
 * fresh parse did, and the depth and cost limits still apply on every request.
 */
class ParsedDocumentCacheTest extends IntegrationTest {

	@Autowired
	ParsedDocumentCache cache;

	@Test
	void aRepeatedDocumentIsParsedOnceAndAnswersTheSameEachTime() {
		String document = "{ authTokens(limit: 2, ordering: [{ field: ID, direction: DESC }]) { results { id } } }";
		String first = graphQl(document, null, ADMIN).text();
		int cached = this.cache.size();
		assertThat(graphQl(document, null, ADMIN).text()).isEqualTo(first)
			.isEqualTo("{\"data\":{\"authTokens\":{\"results\":[{\"id\":\"5000\"},{\"id\":\"4999\"}]}}}");
		assertThat(this.cache.size()).isEqualTo(cached);
		assertThat(graphQl(document.replace("limit: 2", "limit: 3"), null, ADMIN).text()).contains("\"4998\"");
		assertThat(this.cache.size()).isEqualTo(cached + 1);
	}

	@Test
	void aCachedInvalidDocumentGetsItsValidationErrorEveryTime() {
		String document = "{ authTokens { noSuchField } }";
		String first = graphQl(document, null, ADMIN).text();
		assertThat(first).contains("noSuchField").contains("\"classification\":\"ValidationError\"");
		assertThat(graphQl(document, null, ADMIN).text()).isEqualTo(first);
	}

	@Test
	void theCostLimitAppliesToACachedDocumentEveryTime() {
		String elevenQueries = IntStream.range(0, 11)
			.mapToObj(i -> "a" + i + ": authTokens(limit: 1) { totalCount }")
			.collect(Collectors.joining(" ", "{ ", " }"));
		for (int attempt = 0; attempt < 2; attempt++) {
			assertThat(graphQl(elevenQueries, null, ADMIN).text()).contains("\"classification\":\"BAD_REQUEST\"")
				.contains("the limit is 1000")
				.doesNotContain("\"data\":{\"a0\"");
		}
	}

	@Test
	void theCacheIsBounded() {
		for (int i = 0; i < ParsedDocumentCache.MAX_DOCUMENTS + 10; i++) {
			graphQl("{ authTokens(limit: 1, offset: " + i + ") { totalCount } }", null, ADMIN);
		}
		assertThat(this.cache.size()).isLessThanOrEqualTo(ParsedDocumentCache.MAX_DOCUMENTS);
		String large = "{ authTokens(limit: 1) { totalCount } }" + " ".repeat(ParsedDocumentCache.MAX_DOCUMENT_CHARS);
		int before = this.cache.size();
		assertThat(graphQl(large, null, ADMIN).text()).isEqualTo("{\"data\":{\"authTokens\":{\"totalCount\":5000}}}");
		assertThat(this.cache.size()).isEqualTo(before);
	}

}
