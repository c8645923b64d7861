package dev.tokengate.graphql;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.tokengate.support.IntegrationTest;
import graphql.introspection.Introspection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Introspection can be turned off for production; queries still work. (QueryLimitsTest shows it on by default, loading
 * the console's introspection query.)
 */
@TestPropertySource(properties = "spring.graphql.schema.introspection.enabled=false")
class IntrospectionDisabledTest extends IntegrationTest {

	/**
	 * Spring Boot turns introspection off JVM-wide (graphql-java's static switch) and never back on: the later test
	 * classes of this JVM need it on.
	 */
	@AfterAll
	static void introspectionBackOn() {
		Introspection.enabledJvmWide(true);
	}

	@Test
	void theSchemaCannotBeIntrospected() {
		for (String document : new String[] { "{ __schema { types { name } } }", "{ __type(name: \"AuthToken\") { name } }" }) {
			DocumentContext result = JsonPath.parse(graphQl(document, null, ADMIN).text());
			assertThat(result.<String>read("$.errors[0].extensions.classification")).as(document)
				.isEqualTo("IntrospectionDisabled");
			assertThat(result.jsonString()).as(document).doesNotContain("AuthTokenFilter");
		}
	}

	@Test
	void queriesStillWork() {
		assertThat(adminGraphQl("{ authTokens(limit: 1) { results { id } } }", null).jsonString())
			.isEqualTo("{\"data\":{\"authTokens\":{\"results\":[{\"id\":\"1\"}]}}}");
	}

}
