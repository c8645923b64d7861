package dev.tokengate.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import javax.sql.DataSource;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * The demo data: the legacy data generator ({@code db/demo-data.sql}, a copy of the reference generate.sql) with its
 * four fixed users and tokens and as many generated ones as asked for. Deterministic: the same sizes give the same rows.
 */
public final class DemoData {

	/** The demo superuser's key, printed at start-up. */
	public static final String ADMIN_KEY = "a0000000000000000000000000000000000admin";

	private DemoData() {
	}

	/** Whether the tables hold no user yet. */
	public static boolean isEmpty(DataSource dataSource) {
		Integer users = new JdbcTemplate(dataSource).queryForObject("SELECT count(*) FROM (SELECT 1 FROM users LIMIT 1) u",
				Integer.class);
		return users == null || users == 0;
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
		// The generator is a psql script with the variables :users and :tokens.
		script = script.replace(":users", Integer.toString(users)).replace(":tokens", Integer.toString(tokens));
		ResourceDatabasePopulator populator = new ResourceDatabasePopulator(
				new ByteArrayResource(script.getBytes(StandardCharsets.UTF_8)));
		populator.setSqlScriptEncoding("UTF-8");
		populator.execute(dataSource);
	}

}
