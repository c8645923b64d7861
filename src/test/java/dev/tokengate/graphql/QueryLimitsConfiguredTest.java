package dev.tokengate.graphql;

import com.jayway.jsonpath.DocumentContext;
import dev.tokengate.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Each limit follows its property: tight values here refuse what the defaults allow. */
@TestPropertySource(properties = { "tokengate.graphql.max-depth=3", "tokengate.graphql.max-complexity=210",
		"tokengate.graphql.max-document-bytes=120" })
class QueryLimitsConfiguredTest extends IntegrationTest {

	@Test
	void theMaximumDepthIsConfigurable() {
		assertThat(adminGraphQl("{ authTokens(limit: 1) { results { id } } }", null).jsonString())
			.isEqualTo("{\"data\":{\"authTokens\":{\"results\":[{\"id\":\"1\"}]}}}");
		assertRefused("{ authTokens(limit: 1) { results { userData { id } } } }",
				"The query is 4 fields deep; the limit is 3");
	}

	@Test
	void theMaximumComplexityIsConfigurable() {
		assertThat(adminGraphQl("{ a: authTokens { totalCount } b: authTokens { totalCount } }", null).jsonString())
			.isEqualTo("{\"data\":{\"a\":{\"totalCount\":5000},\"b\":{\"totalCount\":5000}}}");
		assertRefused("{ a: authTokens { totalCount } b: authTokens { totalCount } c: authTokens { totalCount } }",
				"The query costs 303 (1 per field, 100 per query field, aliases included); the limit is 210");
	}

	@Test
	void theMaximumDocumentSizeIsConfigurable() {
		String document = "{ authTokens { totalCount } }";
		assertThat(adminGraphQl(document + " ".repeat(120 - document.length()), null).jsonString())
			.isEqualTo("{\"data\":{\"authTokens\":{\"totalCount\":5000}}}");
		assertRefused(document + " ".repeat(121 - document.length()), "The document is 121 bytes; the limit is 120");
	}

	private void assertRefused(String document, String message) {
		DocumentContext result = adminGraphQl(document, null);
		assertThat(result.<String>read("$.errors[0].extensions.classification")).isEqualTo("BAD_REQUEST");
		assertThat(result.<String>read("$.errors[0].message")).isEqualTo(message);
		assertThat(result.jsonString()).doesNotContain("\"data\"");
	}

}
