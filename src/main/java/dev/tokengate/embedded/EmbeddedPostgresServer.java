package dev.tokengate.embedded;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run from the binaries zonky ships on Maven Central, in a data directory that survives restarts.
 *
 * <p>We use zonky only for its binaries: its own launcher cannot run as root, and PostgreSQL refuses to. When the JVM
 * runs as root, every PostgreSQL program is started through {@code unshare --user --map-user=1000}, a user namespace in
 * which root is an unprivileged user that still owns the files it created.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	public static final String SUPERUSER = "postgres";

	private final Path binDir;

	private final Path dataDir;

	private final int port;

	private Process postmaster;

	private EmbeddedPostgresServer(Path binDir, Path dataDir, int port) {
		this.binDir = binDir;
		this.dataDir = dataDir;
		this.port = port;
	}

	/**
	 * Starts a server on {@code dataDir}, creating the cluster on first use.
	 * @param installDir where the binaries are unpacked (once per version)
	 * @param dataDir the cluster's data directory, kept between runs
	 * @param port the TCP port on 127.0.0.1, or 0 for a free one
	 */
	public static EmbeddedPostgresServer start(Path installDir, Path dataDir, int port) {
		try {
			Path binDir = install(installDir.toAbsolutePath());
			EmbeddedPostgresServer server = new EmbeddedPostgresServer(binDir, dataDir.toAbsolutePath(),
					port == 0 ? freePort() : port);
			server.initIfNeeded();
			server.startPostmaster();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL", ex);
		}
	}

	public int port() {
		return this.port;
	}

	public Path dataDir() {
		return this.dataDir;
	}

	/** The JDBC URL of a database on this server. */
	public String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database;
	}

	/** Creates the database if it does not exist yet; {@code template} may be null for the default. */
	public void createDatabase(String database, String template) {
		if (!database.matches("[a-z_][a-z0-9_]*") || (template != null && !template.matches("[a-z_][a-z0-9_]*"))) {
			throw new IllegalArgumentException("Not a plain database name: " + database);
		}
		try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "");
				Statement statement = connection.createStatement()) {
			var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
			if (!exists.next()) {
				statement.execute("CREATE DATABASE " + database + (template != null ? " TEMPLATE " + template : ""));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + database, ex);
		}
	}

	/** Whether the server process is running. */
	public boolean isRunning() {
		return this.postmaster != null && this.postmaster.isAlive();
	}

	/** Starts the server again after {@link #stop()}, on the same port and data. */
	public synchronized void restart() {
		if (!isRunning()) {
			try {
				startPostmaster();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	/** A fast shutdown: open sessions are rolled back and closed. */
	public synchronized void stop() {
		if (!isRunning()) {
			return;
		}
		try {
			run(command("pg_ctl", "stop", "-D", this.dataDir.toString(), "-m", "fast", "-w", "-t", "30"));
			this.postmaster.waitFor(30, TimeUnit.SECONDS);
		}
		catch (IOException | RuntimeException ex) {
			log.warn("pg_ctl stop failed, killing the server: {}", ex.getMessage());
			this.postmaster.destroyForcibly();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.postmaster.destroyForcibly();
		}
	}

	@Override
	public void close() {
		stop();
	}

	private void initIfNeeded() throws IOException {
		if (Files.exists(this.dataDir.resolve("PG_VERSION"))) {
			stopLeftoverServer();
			return;
		}
		Files.createDirectories(this.dataDir.getParent());
		Path staging = this.dataDir.resolveSibling(this.dataDir.getFileName() + ".initdb");
		deleteRecursively(staging);
		// The builtin C.UTF-8 locale (PostgreSQL 17) makes upper() fold every Unicode letter, as the legacy search
		// needs ("zoë" finds "ZOË"), without depending on the host's installed locales.
		run(command("initdb", "-D", staging.toString(), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
				"--locale-provider=builtin", "--builtin-locale=C.UTF-8", "--locale=C", "--no-instructions"));
		Files.move(staging, this.dataDir, StandardCopyOption.ATOMIC_MOVE);
	}

	/** A server left running by a JVM that was killed still holds the data directory: stop it first. */
	private void stopLeftoverServer() {
		if (Files.exists(this.dataDir.resolve("postmaster.pid"))) {
			try {
				run(command("pg_ctl", "stop", "-D", this.dataDir.toString(), "-m", "fast", "-w", "-t", "30"));
			}
			catch (IOException | RuntimeException ex) {
				log.debug("No leftover server to stop: {}", ex.getMessage());
			}
		}
	}

	private void startPostmaster() throws IOException {
		List<String> command = command("postgres", "-D", this.dataDir.toString(), "-p", Integer.toString(this.port),
				"-h", "127.0.0.1", "-k", "", "-c", "fsync=off", "-c", "full_page_writes=off",
				"-c", "synchronous_commit=off", "-c", "max_connections=200", "-c", "timezone=UTC");
		Path logFile = this.dataDir.resolveSibling(this.dataDir.getFileName() + ".log");
		this.postmaster = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
			.start();
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		SQLException last = null;
		while (System.nanoTime() < deadline) {
			if (!this.postmaster.isAlive()) {
				throw new IOException("PostgreSQL exited at start-up with code " + this.postmaster.exitValue()
						+ "; see " + logFile);
			}
			try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "")) {
				connection.createStatement().execute("SELECT 1");
				log.info("Embedded PostgreSQL is up on port {} with data in {}", this.port, this.dataDir);
				return;
			}
			catch (SQLException ex) {
				last = ex;
				sleep(100);
			}
		}
		this.postmaster.destroyForcibly();
		throw new IOException("PostgreSQL did not accept connections within " + START_TIMEOUT + "; see " + logFile,
				last);
	}

	private List<String> command(String program, String... args) {
		List<String> command = new ArrayList<>();
		if (runningAsRoot()) {
			command.addAll(List.of("unshare", "--user", "--map-user=1000", "--map-group=1000", "--"));
		}
		command.add(this.binDir.resolve(program).toString());
		command.addAll(List.of(args));
		return command;
	}

	private static boolean runningAsRoot() {
		try {
			Object uid = Files.getAttribute(Paths.get("/proc/self"), "unix:uid");
			return Integer.valueOf(0).equals(uid);
		}
		catch (IOException | UnsupportedOperationException | IllegalArgumentException ex) {
			return "root".equals(System.getProperty("user.name"));
		}
	}

	private static void run(List<String> command) throws IOException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		try {
			if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IOException(String.join(" ", command) + " failed: " + output.strip());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted", ex);
		}
	}

	/** Unpacks the binaries for this machine once; later starts reuse them. */
	private static Path install(Path installDir) throws IOException {
		String arch = architecture();
		String version = binariesVersion(arch);
		Path target = installDir.resolve("postgres-" + version + "-" + arch);
		if (Files.exists(target.resolve(".complete"))) {
			return target.resolve("bin");
		}
		Path staging = Files.createDirectories(installDir).resolve(target.getFileName() + ".tmp" + ProcessHandle.current().pid());
		deleteRecursively(staging);
		try (InputStream txz = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", arch);
				TarArchiveInputStream tar = new TarArchiveInputStream(
						new XZCompressorInputStream(new BufferedInputStream(txz)))) {
			TarArchiveEntry entry;
			while ((entry = tar.getNextEntry()) != null) {
				Path path = staging.resolve(entry.getName()).normalize();
				if (!path.startsWith(staging)) {
					throw new IOException("Archive entry outside the target: " + entry.getName());
				}
				if (entry.isDirectory()) {
					Files.createDirectories(path);
				}
				else if (entry.isSymbolicLink()) {
					Files.createDirectories(path.getParent());
					Files.createSymbolicLink(path, Paths.get(entry.getLinkName()));
				}
				else {
					Files.createDirectories(path.getParent());
					Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
					Files.setPosixFilePermissions(path, permissions(entry.getMode()));
				}
			}
		}
		Files.writeString(staging.resolve(".complete"), version);
		try {
			Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			// Another process installed the same version meanwhile.
			deleteRecursively(staging);
			if (!Files.exists(target.resolve(".complete"))) {
				throw ex;
			}
		}
		return target.resolve("bin");
	}

	private static String architecture() {
		return architecture(System.getProperty("os.name"), System.getProperty("os.arch"));
	}

	/**
	 * The name of the binaries for a machine: Linux on x86-64 or ARM64, whose binaries the jar carries (the pom leaves
	 * out zonky's macOS and Windows ones, which this class does not run).
	 */
	static String architecture(String osName, String osArch) {
		String arch = osArch.toLowerCase(Locale.ROOT);
		if (!osName.toLowerCase(Locale.ROOT).contains("linux")) {
			throw new IllegalStateException("The embedded PostgreSQL runs on Linux only; set spring.datasource.url");
		}
		return switch (arch) {
			case "amd64", "x86_64" -> "x86_64";
			case "aarch64", "arm64" -> "arm_64";
			default -> throw new IllegalStateException("No embedded PostgreSQL for " + arch);
		};
	}

	/** Names the unpacked binaries after the archive they came from, so a new binaries version unpacks anew. */
	private static String binariesVersion(String arch) {
		var url = binaries(arch);
		return url == null ? "unknown" : Integer.toHexString(url.toString().hashCode());
	}

	/** Where the archive of the binaries for an architecture is, or null when the jar does not carry it. */
	static URL binaries(String arch) {
		return DefaultPostgresBinaryResolver.class.getClassLoader().getResource("postgres-linux-" + arch + ".txz");
	}

	private static Set<PosixFilePermission> permissions(int mode) {
		Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ,
				PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
		if ((mode & 0100) != 0) {
			permissions.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
					PosixFilePermission.OTHERS_EXECUTE));
		}
		return permissions;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	static void deleteRecursively(Path path) throws IOException {
		if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		try (var walk = Files.walk(path)) {
			for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(p);
			}
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for PostgreSQL", ex);
		}
	}

}
