package dev.tokengate.console;

import dev.tokengate.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code spring.graphql.graphiql.enabled=false} switches the console off; GraphQL itself stays. */
@TestPropertySource(properties = "spring.graphql.graphiql.enabled=false")
class GraphiQlConsoleSwitchedOffTest extends IntegrationTest {

	@Test
	void theConsoleIsNotFoundAndGraphQlStillAnswers() {
		assertThat(http().get("/graphiql", "Accept: text/html").status()).isEqualTo(404);
		assertThat(adminGraphQl("{ authTokens(limit: 1) { totalCount } }", null).<Integer>read("$.data.authTokens.totalCount"))
			.isEqualTo(5000);
	}

}
