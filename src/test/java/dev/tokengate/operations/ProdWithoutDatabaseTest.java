package dev.tokengate.operations;

import dev.tokengate.TokengateApplication;
import dev.tokengate.embedded.NoDatabaseConfiguredException;
import graphql.introspection.Introspection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** In production a missing database is a start-up failure that says what to set, never an embedded demo database. */
@ExtendWith(OutputCaptureExtension.class)
class ProdWithoutDatabaseTest {

	/** The failed start may have got as far as turning introspection off JVM-wide (see ProdProfileTest). */
	@AfterAll
	static void introspectionBackOnForTheNextTestClasses() {
		Introspection.enabledJvmWide(true);
	}

	@Test
	void theProdProfileWithoutADatasourceUrlRefusesToStartAndSaysWhatToSet(CapturedOutput output) {
		SpringApplicationBuilder prod = new SpringApplicationBuilder(TokengateApplication.class).profiles("prod")
			.properties("server.port=0", "tokengate.embedded.data-dir=target/prod-without-database/pgdata");
		assertThatThrownBy(prod::run).hasRootCauseInstanceOf(NoDatabaseConfiguredException.class);
		assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
			.contains("spring.datasource.url is not set")
			.contains("Set spring.datasource.url (SPRING_DATASOURCE_URL)");
		assertThat(java.nio.file.Path.of("target/prod-without-database")).doesNotExist();
	}

}
