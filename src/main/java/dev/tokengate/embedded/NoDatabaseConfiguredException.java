package dev.tokengate.embedded;

/** No {@code spring.datasource.url} is set and the embedded PostgreSQL is disabled: there is nothing to serve. */
public class NoDatabaseConfiguredException extends IllegalStateException {

	public NoDatabaseConfiguredException() {
		super("No database is configured (spring.datasource.url is not set) and the embedded PostgreSQL is disabled "
				+ "(tokengate.embedded.enabled=false, as in the prod profile)");
	}

}
