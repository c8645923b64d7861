package dev.tokengate.support;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import javax.sql.DataSource;

import dev.tokengate.token.AuthTokenQueryBuilder;
import dev.tokengate.token.AuthTokenService;
import dev.tokengate.token.ReadDatabase;
import dev.tokengate.token.UserNamesCache;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * A list service of a test's own over a real data source, whose connections record every statement it prepares (see
 * {@link RecordingDataSource}): for tests that pin which statements a request runs.
 */
public final class RecordingAuthTokenService {

	private RecordingAuthTokenService() {
	}

	/** A service over {@code target}, each statement recorded in {@code statements}. */
	public static AuthTokenService recording(DataSource target, AuthTokenQueryBuilder sql, List<String> statements,
			UserNamesCache names) {
		return recording(target, sql, statements, statement -> {
		}, names);
	}

	/** A service over {@code target}, each statement given to {@code before} and then recorded in {@code statements}. */
	public static AuthTokenService recording(DataSource target, AuthTokenQueryBuilder sql, List<String> statements,
			Consumer<String> before, UserNamesCache names) {
		DataSource recording = RecordingDataSource.recording(target, statements, before);
		return new AuthTokenService(
				new ReadDatabase(new JdbcTemplate(recording), new DataSourceTransactionManager(recording)), sql,
				Duration.ofSeconds(15), names);
	}

}
