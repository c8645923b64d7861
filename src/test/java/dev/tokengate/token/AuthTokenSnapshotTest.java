package dev.tokengate.token;

import java.util.ArrayList;
import java.util.List;

import dev.tokengate.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The snapshot a stream or a keyset page reads: read-only and repeatable-read for that transaction only, never through
 * session settings (which PgBouncer in transaction mode would not keep, and would hand to other clients).
 */
class AuthTokenSnapshotTest extends IntegrationTest {

	private static final String SETTINGS = "SELECT current_setting('transaction_isolation') || ', read only: '"
			+ " || current_setting('transaction_read_only') || ', session default: '"
			+ " || current_setting('default_transaction_isolation')";

	@Autowired
	AuthTokenService tokens;

	/** Where the service reads (through its QueryGate): inside a stream, its queries join the stream's transaction. */
	@Autowired
	ReadDatabase reads;

	@Test
	void aStreamReadsOneReadOnlyRepeatableReadTransactionAndLeavesTheSessionDefaultsAlone() {
		List<String> seen = new ArrayList<>();
		// More rows than one batch: a list of one batch is a single statement, with no transaction.
		AuthTokenQuery everyToken = new AuthTokenQuery(null, null, null, null);
		this.tokens.stream(everyToken, row -> {
			if (row.id() <= 3) {
				seen.add(row.id() + ": " + this.reads.jdbc().queryForObject(SETTINGS, String.class));
			}
		});
		assertThat(seen).containsExactly("1: repeatable read, read only: on, session default: read committed",
				"2: repeatable read, read only: on, session default: read committed",
				"3: repeatable read, read only: on, session default: read committed");
		assertThat(this.reads.jdbc().queryForObject(SETTINGS, String.class))
			.isEqualTo("read committed, read only: off, session default: read committed");
	}

	@Test
	void aListOfOneBatchIsOneStatementWithoutATransaction() {
		List<String> seen = new ArrayList<>();
		AuthTokenQuery firstThree = new AuthTokenQuery(new AuthTokenFilter(1L, 3L, null, null, null, null, null, null),
				null, null, null);
		this.tokens.stream(firstThree,
				row -> seen.add(row.id() + ": " + this.reads.jdbc().queryForObject(SETTINGS, String.class)));
		assertThat(seen).containsExactly("1: read committed, read only: off, session default: read committed",
				"2: read committed, read only: off, session default: read committed",
				"3: read committed, read only: off, session default: read committed");
	}

}
