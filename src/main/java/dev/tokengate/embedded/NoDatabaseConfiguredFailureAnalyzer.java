package dev.tokengate.embedded;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a missing database into Spring Boot's "APPLICATION FAILED TO START" report with what to set. */
class NoDatabaseConfiguredFailureAnalyzer extends AbstractFailureAnalyzer<NoDatabaseConfiguredException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, NoDatabaseConfiguredException cause) {
		return new FailureAnalysis(cause.getMessage() + ".",
				"Set spring.datasource.url (SPRING_DATASOURCE_URL) with spring.datasource.username and "
						+ "spring.datasource.password to the database to serve, or set tokengate.embedded.enabled=true "
						+ "to run the embedded PostgreSQL with demo data (never in production).",
				cause);
	}

}
