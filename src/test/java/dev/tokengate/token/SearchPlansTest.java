package dev.tokengate.token;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RecordingAuthTokenService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statements a search reads in one snapshot (a stream's batches, a connection's page) are planned for their own
 * values: a stream repeats one statement, and PostgreSQL's cached generic plan for it walked the whole index before
 * the cursor for a term in no key.
 */
class SearchPlansTest extends IntegrationTest {

	@Autowired
	AuthTokenQueryBuilder sql;

	@Autowired
	DataSource dataSource;

	@Test
	void theSnapshotOfASearchPlansEachStatementForItsValues() {
		List<String> statements = new ArrayList<>();
		AuthTokenService service = RecordingAuthTokenService.recording(this.dataSource, this.sql, statements,
				UserNamesCache.off());
		String customPlans = this.sql.customPlans().sql();

		List<Long> ids = new ArrayList<>();
		service.stream(new AuthTokenQuery(null, AuthTokenSearch.parse("a"), null, null), row -> ids.add(row.id()));
		assertThat(ids).hasSizeGreaterThan(AuthTokenService.STREAM_BATCH);
		int snapshot = statements.indexOf(customPlans);
		assertThat(snapshot).isPositive();
		assertThat(statements.subList(snapshot + 1, statements.size())).hasSizeGreaterThan(1)
			.noneMatch(customPlans::equals);

		statements.clear();
		service.stream(new AuthTokenQuery(null, null, null, null), row -> {
		});
		assertThat(statements).hasSizeGreaterThan(2).doesNotContain(customPlans);
	}

	@Test
	void itsSettingLastsForTheTransactionOnly() {
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		String inside = transaction.execute(status -> {
			this.jdbc.query(this.sql.customPlans().sql(), rs -> {
			});
			return this.jdbc.queryForObject("SELECT current_setting('plan_cache_mode')", String.class);
		});
		assertThat(inside).isEqualTo("force_custom_plan");
		assertThat(this.jdbc.queryForObject("SELECT current_setting('plan_cache_mode')", String.class)).isEqualTo("auto");
	}

}
