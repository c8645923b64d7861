package dev.tokengate.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The demo data: the legacy data generator ({@code db/demo-data.sql}, a copy of the reference generate.sql) with its
 * four fixed users and tokens and as many generated ones as asked for. Deterministic: the same sizes give the same rows.
 */
public final class DemoData {

	/** The demo superuser's key, printed at start-up. */
	public static final String ADMIN_KEY = "a0000000000000000000000000000000000admin";

	private static final Logger log = LoggerFactory.getLogger(DemoData.class);

	/** The series of generated token numbers in the generator script. */
	private static final String TOKEN_SERIES = "generate_series(5, :tokens::bigint)";

	private static final int CHUNK = 50_000;

	private DemoData() {
	}

	/** Whether the tables hold no user yet. */
	public static boolean isEmpty(DataSource dataSource) {
		Integer users = new JdbcTemplate(dataSource).queryForObject("SELECT count(*) FROM (SELECT 1 FROM users LIMIT 1) u",
				Integer.class);
		return users == null || users == 0;
	}

	/**
	 * The {@code --seed=N} data set: {@code tokens} generated tokens of {@code tokens / 5} users (at least 5), the four
	 * fixed users and tokens among them. Nothing happens when the tables already hold that many users and tokens (a
	 * restart with the same option); empty tables are filled; tables holding other data are emptied first when
	 * {@code replace} is set (the embedded database), else left alone with an error.
	 */
	public static void seed(DataSource dataSource, int tokens, boolean replace) {
		if (tokens < 4) {
			throw new IllegalArgumentException("tokengate.seed must be at least 4 (the four fixed tokens), not " + tokens);
		}
		int users = Math.max(5, tokens / 5);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		long heldTokens = count(jdbc, "auth_tokens");
		long heldUsers = count(jdbc, "users");
		if (heldTokens == tokens && heldUsers == users) {
			log.info("Seed: the database already holds {} tokens of {} users", tokens, users);
			return;
		}
		if (heldTokens > 0 || heldUsers > 0) {
			if (!replace) {
				throw new IllegalStateException("tokengate.seed=" + tokens + ": the database already holds " + heldTokens
						+ " tokens of " + heldUsers + " users. Seeding replaces data only in the embedded database; "
						+ "a configured database must have empty tables.");
			}
			log.info("Seed: replacing the {} tokens of {} users of the embedded database", heldTokens, heldUsers);
			jdbc.execute("TRUNCATE auth_tokens, token_owner_search, users RESTART IDENTITY");
		}
		log.info("Seed: loading {} tokens of {} users", tokens, users);
		long start = System.nanoTime();
		load(dataSource, users, tokens);
		log.info("Seed: {} tokens of {} users loaded in {} s", tokens, users, (System.nanoTime() - start) / 1_000_000_000);
	}

	private static long count(JdbcTemplate jdbc, String table) {
		Long count = jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
		return count == null ? 0 : count;
	}

	/** Loads {@code users} users (at least 5) and {@code tokens} tokens (at least 4) into empty tables. */
	public static void load(DataSource dataSource, int users, int tokens) {
		if (users < 5 || tokens < 4) {
			throw new IllegalArgumentException("The demo data needs at least 5 users and 4 tokens");
		}
		String script;
		try (InputStream in = new ClassPathResource("db/demo-data.sql").getInputStream()) {
			script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("db/demo-data.sql is missing from the classpath", ex);
		}
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		// The generator is a psql script with the variables :users and :tokens, one statement per ";" at a line end.
		for (String statement : script.split(";[ \\t]*\\r?\\n")) {
			if (statement.isBlank()) {
				continue;
			}
			if (statement.contains(TOKEN_SERIES)) {
				insertTokensInChunks(jdbc, statement.replace(":users", Integer.toString(users)), tokens);
			}
			else {
				jdbc.execute(statement.replace(":users", Integer.toString(users))
					.replace(":tokens", Integer.toString(tokens)));
			}
		}
	}

	/** The generated tokens depend only on their number, so they are inserted in ranges, each with a progress line. */
	private static void insertTokensInChunks(JdbcTemplate jdbc, String statement, int tokens) {
		for (long from = 5, to; from <= tokens; from = to + 1) {
			to = Math.min(tokens, (from / CHUNK + 1) * CHUNK);
			jdbc.execute(statement.replace(TOKEN_SERIES, "generate_series(" + from + "::bigint, " + to + "::bigint)"));
			log.info("Demo data: {} of {} tokens ({}%)", to, tokens, to * 100 / tokens);
		}
	}

}
