package dev.tokengate.token;

import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Where {@link AuthTokenService} reads, the list queries and the token lookup alike: the read replica when
 * {@code tokengate.read-replica.url} is set, else the primary database (see {@link ReadDatabaseConfig}).
 *
 * @param jdbc runs the queries
 * @param transactions the snapshot transactions of keyset pages and streams, on the same connections
 */
public record ReadDatabase(JdbcTemplate jdbc, PlatformTransactionManager transactions) {

	/** The gate the connections come from, if they come through one. */
	public Optional<QueryGate> gate() {
		return (this.jdbc.getDataSource() instanceof QueryGate gate) ? Optional.of(gate) : Optional.empty();
	}

}
