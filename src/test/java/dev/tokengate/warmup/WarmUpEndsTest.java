package dev.tokengate.warmup;

import java.sql.Connection;
import java.sql.DriverManager;

import dev.tokengate.TokengateApplication;
import dev.tokengate.support.Await;
import dev.tokengate.support.RawHttp;
import dev.tokengate.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** A warm-up never holds readiness back for good: without a staff token there is none, and a stop ends it early. */
@ExtendWith(OutputCaptureExtension.class)
class WarmUpEndsTest {

	@Test
	void withoutAStaffTokenThereIsNoWarmUpAndReadinessIsUp(CapturedOutput output) throws Exception {
		String url = TestDatabases.freshDatabaseUrl();
		try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
			connection.createStatement().execute("UPDATE users SET is_staff = false, is_superuser = false");
		}
		try (ConfigurableApplicationContext service = start(url)) {
			WarmUp warmUp = service.getBean(WarmUp.class);
			Await.until(() -> !warmUp.isWarming());
			RawHttp.Response readiness = new RawHttp(port(service)).get("/actuator/health/readiness");
			assertThat(readiness.status()).isEqualTo(200);
			assertThat(readiness.text()).isEqualTo("{\"status\":\"UP\"}");
			assertThat(warmUp.answeredRequests()).isEmpty();
			assertThat(output.getAll())
				.contains("Warm-up skipped: no active staff user or superuser has a token to send its requests with");
		}
	}

	@Test
	void stoppingTheServiceEndsItsWarmUp(CapturedOutput output) throws Exception {
		ConfigurableApplicationContext service = start(TestDatabases.freshDatabaseUrl());
		WarmUp warmUp = service.getBean(WarmUp.class);
		try {
			Await.until(() -> warmUp.answeredRequests().containsKey("GraphQL first page"));
			assertThat(warmUp.isWarming()).isTrue();
		}
		finally {
			service.close();
		}
		// Within Await's 30 s, where the warm-up would have gone on for 60 s.
		Await.until(() -> !warmUp.isWarming());
		assertThat(output.getAll()).containsPattern("Warm-up stopped after \\d+ requests: the service is stopping")
			.doesNotContain("Warm-up done");
	}

	/** The service on the database, with a warm-up of 60 s (an argument, over the test run's system property of 0). */
	private static ConfigurableApplicationContext start(String url) {
		return new SpringApplicationBuilder(TokengateApplication.class)
			.properties("server.port=0", "spring.datasource.url=" + url, "spring.datasource.username=postgres",
					"spring.datasource.password=")
			.run("--tokengate.warm-up.duration=60s");
	}

	private static int port(ConfigurableApplicationContext service) {
		return ((WebServerApplicationContext) service).getWebServer().getPort();
	}

}
