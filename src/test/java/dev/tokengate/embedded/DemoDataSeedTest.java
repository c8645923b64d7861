package dev.tokengate.embedded;

import javax.sql.DataSource;

import dev.tokengate.support.TestDatabases;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code --seed=N} over a database that already holds data: replaced when embedded, refused otherwise, kept when it is
 * the same data set.
 */
class DemoDataSeedTest {

	private final DataSource filled = new SimpleDriverDataSource(new org.postgresql.Driver(),
			TestDatabases.freshDatabaseUrl(), EmbeddedPostgresServer.SUPERUSER, "");

	private final JdbcTemplate jdbc = new JdbcTemplate(this.filled);

	@Test
	void theEmbeddedDatabasesDataIsReplacedByTheSeed() {
		DemoData.seed(this.filled, 60, true);
		assertThat(count("auth_tokens")).isEqualTo(60);
		assertThat(count("users")).isEqualTo(12);
		assertThat(this.jdbc.queryForObject("SELECT tokens FROM auth_token_count", Long.class)).isEqualTo(60);
		assertThat(this.jdbc.queryForObject("SELECT key FROM auth_tokens WHERE id = 1", String.class))
			.isEqualTo(DemoData.ADMIN_KEY);
		assertThat(this.jdbc.queryForObject("SELECT max(user_id) FROM auth_tokens", Long.class)).isLessThanOrEqualTo(12);
	}

	@Test
	void aConfiguredDatabaseThatHoldsDataIsLeftAlone() {
		assertThatThrownBy(() -> DemoData.seed(this.filled, 60, false)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("already holds 5000 tokens of 1000 users");
		assertThat(count("auth_tokens")).isEqualTo(5000);
	}

	@Test
	void theSameSeedAgainChangesNothing() {
		this.jdbc.update("UPDATE users SET first_name = 'Kept' WHERE id = 7");
		DemoData.seed(this.filled, 5000, false);
		assertThat(this.jdbc.queryForObject("SELECT first_name FROM users WHERE id = 7", String.class)).isEqualTo("Kept");
	}

	@Test
	void aSeedBelowTheFourFixedTokensIsRefused() {
		assertThatThrownBy(() -> DemoData.seed(this.filled, 3, true)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("at least 4");
		assertThat(count("auth_tokens")).isEqualTo(5000);
	}

	private long count(String table) {
		return this.jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
	}

}
