package dev.tokengate.embedded;

import com.jayway.jsonpath.JsonPath;
import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RawHttp;
import dev.tokengate.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.UseMainMethod;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --seed=N} on the command line, through the main method as {@code java -jar} runs it: an empty database is
 * migrated and filled with N generated tokens, with progress lines, and the banner shows the demo token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, useMainMethod = UseMainMethod.ALWAYS,
		args = "--seed=60")
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class SeedOptionTest {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void emptyDatabase(DynamicPropertyRegistry registry) {
		TestDatabases.usePrimary(registry, TestDatabases::emptyDatabaseUrl);
	}

	@Test
	void theSeedIsLoadedAndServed() {
		RawHttp.Response response = new RawHttp(this.port).get(IntegrationTest.API + "?limit=1", IntegrationTest.ADMIN);
		assertThat(response.status()).isEqualTo(200);
		assertThat(JsonPath.<Integer>read(response.text(), "$.count")).isEqualTo(60);
		RawHttp.Response users = new RawHttp(this.port).get(IntegrationTest.API + "?ordering=-user&limit=1",
				IntegrationTest.ADMIN);
		assertThat(JsonPath.<Integer>read(users.text(), "$.results[0].user_data.id")).isLessThanOrEqualTo(12);
	}

	@Test
	void theLoadPrintsItsProgressAndTheBannerTheDemoToken(CapturedOutput output) {
		assertThat(output.getOut()).contains("Seed: loading 60 tokens of 12 users")
			.contains("Demo data: 60 of 60 tokens (100%)")
			.contains("Demo admin token (demo data): " + DemoData.ADMIN_KEY);
	}

}
