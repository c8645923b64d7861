package dev.tokengate.token;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.tokengate.embedded.EmbeddedPostgresServer;
import dev.tokengate.support.Await;
import dev.tokengate.support.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gate in front of the read pool, over real pools: one on the test PostgreSQL, one on a port where nothing
 * listens (a database that is away).
 */
@ExtendWith(OutputCaptureExtension.class)
class QueryGateTest {

	private final List<HikariDataSource> pools = new ArrayList<>();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	@AfterEach
	void close() {
		this.threads.shutdownNow();
		this.pools.forEach(HikariDataSource::close);
	}

	@Test
	void callersGetConnectionsInTheOrderTheyAsked() throws Exception {
		QueryGate gate = new QueryGate(pool(TestDatabases.freshDatabaseUrl()), 1, Duration.ofSeconds(30));
		List<Integer> served = Collections.synchronizedList(new ArrayList<>());
		List<Future<?>> callers = new ArrayList<>();
		try (Connection held = gate.getConnection()) {
			for (int caller = 1; caller <= 6; caller++) {
				int number = caller;
				callers.add(this.threads.submit(() -> {
					try (Connection connection = gate.getConnection()) {
						served.add(number);
						connection.createStatement().execute("SELECT 1");
					}
					return null;
				}));
				Await.until(() -> gate.queued() == number);
			}
			assertThat(served).isEmpty();
		}
		for (Future<?> caller : callers) {
			caller.get(30, TimeUnit.SECONDS);
		}
		assertThat(served).containsExactly(1, 2, 3, 4, 5, 6);
	}

	@Test
	void aCallerIsRefusedWhenItsTurnDoesNotComeWithinTheQueueTimeout() throws Exception {
		QueryGate gate = new QueryGate(pool(TestDatabases.freshDatabaseUrl()), 1, Duration.ofMillis(200));
		try (Connection held = gate.getConnection()) {
			assertThatThrownBy(gate::getConnection).isInstanceOf(SQLTransientConnectionException.class)
				.hasMessage("No turn for a database connection within 200 ms: too many requests in flight");
		}
		try (Connection next = gate.getConnection()) {
			assertThat(next.isValid(5)).isTrue();
		}
	}

	@Test
	void closingAConnectionTwiceGivesItsPermitBackOnce() throws Exception {
		QueryGate gate = new QueryGate(pool(TestDatabases.freshDatabaseUrl()), 2, Duration.ofMillis(200));
		Connection first = gate.getConnection();
		first.close();
		first.close();
		try (Connection one = gate.getConnection(); Connection two = gate.getConnection()) {
			assertThatThrownBy(gate::getConnection).isInstanceOf(SQLTransientConnectionException.class);
		}
	}

	@Test
	void aTurnQueuesOnceAndKeepsItsPermitForEveryConnectionUntilItEnds() throws Exception {
		QueryGate gate = new QueryGate(pool(TestDatabases.freshDatabaseUrl()), 1, Duration.ofSeconds(30));
		Future<Boolean> other;
		try (QueryGate.Turn turn = gate.beginTurn()) {
			try (Connection lookup = gate.getConnection()) {
				assertThat(lookup.isValid(5)).isTrue();
			}
			other = this.threads.submit(() -> {
				try (Connection connection = gate.getConnection()) {
					return connection.isValid(5);
				}
			});
			Await.until(() -> gate.queued() == 1);
			// The turn's next connections, even two at once, do not queue behind the caller that is waiting.
			try (Connection list = gate.getConnection(); QueryGate.Turn nested = gate.beginTurn();
					Connection more = gate.getConnection()) {
				assertThat(list.isValid(5)).isTrue();
				assertThat(more.isValid(5)).isTrue();
			}
			assertThat(other).isNotDone();
		}
		assertThat(other.get(30, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void aFinishedTurnHasGivenBackItsPermitAndQueuesAgainForAnotherConnection() throws Exception {
		QueryGate gate = new QueryGate(pool(TestDatabases.freshDatabaseUrl()), 1, Duration.ofMillis(200));
		try (QueryGate.Turn turn = gate.beginTurn()) {
			try (Connection list = gate.getConnection()) {
				assertThat(list.isValid(5)).isTrue();
			}
			gate.finishTurn();
			// Another caller may take the permit now, while this request writes its response.
			Future<Boolean> other = this.threads.submit(() -> {
				try (Connection connection = gate.getConnection()) {
					return connection.isValid(5);
				}
			});
			assertThat(other.get(30, TimeUnit.SECONDS)).isTrue();
			try (Connection again = gate.getConnection()) {
				assertThat(again.isValid(5)).isTrue();
				assertThatThrownBy(() -> this.threads.submit((Callable<Connection>) gate::getConnection).get(30, TimeUnit.SECONDS))
					.hasCauseInstanceOf(SQLTransientConnectionException.class);
			}
		}
	}

	@Test
	void aTurnThatOpensNoConnectionTakesAndGivesBackNoPermit() throws Exception {
		QueryGate gate = new QueryGate(pool(TestDatabases.freshDatabaseUrl()), 1, Duration.ofMillis(200));
		try (QueryGate.Turn turn = gate.beginTurn()) {
			assertThat(gate.queued()).isZero();
		}
		// Still exactly one permit: the turn gave back none it did not take.
		try (Connection connection = gate.getConnection()) {
			assertThat(connection.isValid(5)).isTrue();
			assertThatThrownBy(gate::getConnection).isInstanceOf(SQLTransientConnectionException.class);
		}
	}

	@Test
	void whileTheDatabaseIsUnreachableOneCallerTriesItAndTheOthersAreRefusedAtOnce(CapturedOutput output)
			throws Exception {
		CountingDataSource away = new CountingDataSource(pool(unusedPortUrl()));
		QueryGate gate = new QueryGate(away, 4, Duration.ofSeconds(30));
		assertThat(gate.isUnreachable()).isFalse();
		assertThatThrownBy(gate::getConnection).isInstanceOf(SQLTransientConnectionException.class)
			.hasMessageContaining("Connection is not available");
		assertThat(gate.isUnreachable()).isTrue();

		Future<?> probe = this.threads.submit(() -> gate.getConnection());
		Await.until(() -> away.waiting.get() == 1);
		for (int refused = 0; refused < 5; refused++) {
			assertThatThrownBy(gate::getConnection).isInstanceOf(SQLTransientConnectionException.class)
				.hasMessage("The database cannot be reached; another request is trying it")
				.satisfies(refusal -> assertThat(QueryGate.isRefusal(
						new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection", (SQLException) refusal)))
					.isTrue());
		}
		assertThat(away.calls).as("only the probe waited on the pool").hasValue(2);
		assertThat(probe).failsWithin(Duration.ofSeconds(30));
		assertThat(gate.isUnreachable()).isTrue();
		// The outage is logged once, not once per caller; a failure of the pool itself is not a refusal.
		assertThat(output.getOut().split("The database gives no connection", -1)).hasSize(2);
		assertThat(QueryGate.isRefusal(new SQLTransientConnectionException("Connection is not available"))).isFalse();
	}

	@Test
	void theFirstCallerThatReachesTheDatabaseAgainClearsTheMark(CapturedOutput output) throws Exception {
		CountingDataSource database = new CountingDataSource(pool(unusedPortUrl()));
		QueryGate gate = new QueryGate(database, 2, Duration.ofSeconds(30));
		assertThatThrownBy(gate::getConnection).isInstanceOf(SQLTransientConnectionException.class);
		assertThat(gate.isUnreachable()).isTrue();

		database.setTargetDataSource(pool(TestDatabases.freshDatabaseUrl()));
		try (Connection one = gate.getConnection(); Connection two = gate.getConnection()) {
			assertThat(gate.isUnreachable()).isFalse();
			assertThat(output.getOut()).contains("The database gives connections again");
			assertThat(one.createStatement().executeQuery("SELECT 1").next()).isTrue();
			assertThat(two.isValid(5)).isTrue();
		}
	}

	private DataSource pool(String url) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(url);
		pool.setUsername(EmbeddedPostgresServer.SUPERUSER);
		pool.setMaximumPoolSize(4);
		pool.setConnectionTimeout(3000);
		// Start even when nothing answers: the first getConnection then waits and fails, as in an outage.
		pool.setInitializationFailTimeout(-1);
		this.pools.add(pool);
		return pool;
	}

	private static String unusedPortUrl() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return "jdbc:postgresql://127.0.0.1:" + socket.getLocalPort() + "/away";
		}
	}

	/** Counts the calls that reach the pool, and those still waiting there. */
	private static final class CountingDataSource extends DelegatingDataSource {

		final AtomicInteger calls = new AtomicInteger();

		final AtomicInteger waiting = new AtomicInteger();

		CountingDataSource(DataSource target) {
			super(target);
		}

		@Override
		public Connection getConnection() throws SQLException {
			this.calls.incrementAndGet();
			this.waiting.incrementAndGet();
			try {
				return super.getConnection();
			}
			finally {
				this.waiting.decrementAndGet();
			}
		}

	}

}
