package dev.tokengate.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

import dev.tokengate.embedded.DemoData;
import dev.tokengate.embedded.EmbeddedPostgresServer;
import org.flywaydb.core.Flyway;

import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.util.FileSystemUtils;

/**
 * One real PostgreSQL per test JVM (the project's embedded server), with a template database holding the migrations
 * and the legacy transcript's data (1000 users, 5000 tokens). Every test class gets its own copy of the template.
 * The server's files (about 3 GB after the suite) are deleted when the JVM exits, and those of test JVMs that ended
 * without deleting theirs (killed) when the next one starts: without that, every run of the suite kept its own.
 */
public final class TestDatabases {

	public static final int USERS = 1000;

	public static final int TOKENS = 5000;

	private static final String TEMPLATE = "tokengate_template";

	/** The server's data directory is this and the test JVM's pid; its log and initdb's staging directory add a suffix. */
	private static final String DATA_PREFIX = "test-pgdata-";

	private static final AtomicInteger counter = new AtomicInteger();

	private static EmbeddedPostgresServer server;

	private TestDatabases() {
	}

	/** A JDBC URL of a new database, a copy of the migrated and filled template. */
	public static synchronized String freshDatabaseUrl() {
		String name = "test_" + counter.incrementAndGet();
		server().createDatabase(name, TEMPLATE);
		return server().jdbcUrl(name);
	}

	/** A JDBC URL of a new, empty database (no tables: the service's Flyway migrates it). */
	public static synchronized String emptyDatabaseUrl() {
		String name = "empty_" + counter.incrementAndGet();
		server().createDatabase(name, null);
		return server().jdbcUrl(name);
	}

	/** Points the service's primary datasource at a database of this server, made by {@code database} at start-up. */
	public static void usePrimary(DynamicPropertyRegistry registry, Supplier<String> database) {
		registry.add("spring.datasource.url", database::get);
		registry.add("spring.datasource.username", () -> EmbeddedPostgresServer.SUPERUSER);
		registry.add("spring.datasource.password", () -> "");
	}

	/** How many statements of the connection's database are waiting for a lock (a test holds one to keep a request in flight). */
	public static int queriesWaitingOnALock(Connection watch) {
		try (ResultSet result = watch.createStatement()
			.executeQuery("SELECT count(*) FROM pg_stat_activity "
					+ "WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
			result.next();
			return result.getInt(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static synchronized EmbeddedPostgresServer server() {
		if (server == null) {
			Path target = Path.of("target");
			// Those of test JVMs that are gone (killed before their shutdown hook ran).
			deleteServerFiles(target, other -> ProcessHandle.of(other).isEmpty());
			long pid = ProcessHandle.current().pid();
			EmbeddedPostgresServer started = EmbeddedPostgresServer.start(target.resolve("embedded-postgres"),
					target.resolve(DATA_PREFIX + pid), 0);
			server = started;
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				started.stop();
				deleteServerFiles(target, other -> other == pid);
			}, "test-postgres-stop"));
			server.createDatabase(TEMPLATE, null);
			var dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), server.jdbcUrl(TEMPLATE),
					EmbeddedPostgresServer.SUPERUSER, "");
			Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
			DemoData.load(dataSource, USERS, TOKENS);
		}
		return server;
	}

	/**
	 * Deletes the server files (data directory, log, initdb's staging directory) of the test JVMs whose pid
	 * {@code whose} accepts.
	 */
	private static void deleteServerFiles(Path target, LongPredicate whose) {
		if (!Files.isDirectory(target)) {
			return;
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(target, DATA_PREFIX + "*")) {
			for (Path file : files) {
				String pid = file.getFileName().toString().substring(DATA_PREFIX.length()).split("\\.", 2)[0];
				if (!pid.isEmpty() && pid.chars().allMatch(Character::isDigit) && whose.test(Long.parseLong(pid))) {
					FileSystemUtils.deleteRecursively(file);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
