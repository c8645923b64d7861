package dev.tokengate.graphql;

import com.jayway.jsonpath.DocumentContext;
import dev.tokengate.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request past its time fetches nothing more. With a timeout of one nanosecond every request is past it by the time
 * its first field is fetched, so the outcome is certain; QueryLimitsTest shows the same queries answered within the
 * default.
 */
@TestPropertySource(properties = "tokengate.graphql.request-timeout=1ns")
class RequestTimeoutTest extends IntegrationTest {

	@Test
	void aRequestPastItsTimeoutIsStoppedWithATimeoutError() {
		DocumentContext result = adminGraphQl("{ authTokens(limit: 1) { totalCount results { id } } }", null);
		assertThat(result.<String>read("$.errors[0].extensions.classification")).isEqualTo("TIMEOUT");
		assertThat(result.<String>read("$.errors[0].message"))
			.isEqualTo("The request took longer than PT0.000000001S and was stopped");
		assertThat(result.<String>read("$.errors[0].path[0]")).isEqualTo("authTokens");
		assertThat(result.jsonString()).doesNotContain("\"results\"");
	}

}
