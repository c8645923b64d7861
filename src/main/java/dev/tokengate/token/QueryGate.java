package dev.tokengate.token;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The front door of the pool the list queries and the token lookup read from.
 * <p>
 * <b>Load.</b> Callers take connections in arrival order: a fair semaphore with fewer permits than the pool has
 * connections. The pool alone is not fair (a thread that just returned a connection may take it again ahead of the
 * threads waiting), so at 64 concurrent requests some waited over ten seconds while others went through in
 * milliseconds, and a pool wait long enough to cover them could not tell an overload from an outage. Here a burst
 * queues in order for up to {@code queue-timeout}, and the pool keeps a connection for the health check.
 * <p>
 * <b>Outage.</b> A caller holding a permit only waits on the pool when the database gives no connections. The first
 * such failure marks the database unreachable; from then on one caller at a time tries it (the probe, which waits for
 * the pool as usual) while every other caller is refused at once. The first probe that gets a connection clears the
 * mark. So an outage is a prompt 503 for everyone, not a queue of timeouts, and service resumes by itself.
 * <p>
 * <b>Turns.</b> A request opens several connections one after the other (the token lookup, then its list query, or a
 * stream's batches). Inside a {@link #beginTurn() turn} (one per request, begun before authentication) the permit
 * taken by the first connection is kept until the turn ends or {@link #finishTurn() is finished} (when the list has
 * been read), so a request queues once, not once per connection.
 */
public final class QueryGate extends DelegatingDataSource {

	private static final Logger log = LoggerFactory.getLogger(QueryGate.class);

	private final Semaphore permits;

	private final long queueTimeoutNanos;

	private final AtomicBoolean unreachable = new AtomicBoolean();

	private final AtomicBoolean probing = new AtomicBoolean();

	private final ThreadLocal<Turn> turns = new ThreadLocal<>();

	/**
	 * @param pool the pool of connections
	 * @param permits how many connections callers may hold at once (below the pool's size)
	 * @param queueTimeout how long a caller waits for its turn before it is refused
	 */
	public QueryGate(DataSource pool, int permits, Duration queueTimeout) {
		super(pool);
		if (permits < 1) {
			throw new IllegalArgumentException("A query gate needs at least one permit, not " + permits);
		}
		this.permits = new Semaphore(permits, true);
		this.queueTimeoutNanos = queueTimeout.toNanos();
	}

	@Override
	public Connection getConnection() throws SQLException {
		return admit(() -> obtainTargetDataSource().getConnection());
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return admit(() -> obtainTargetDataSource().getConnection(username, password));
	}

	/** Callers waiting for their turn (a gauge on /actuator/prometheus). */
	public int queued() {
		return this.permits.getQueueLength();
	}

	/** Whether the last attempt to reach the database failed (a gauge on /actuator/prometheus). */
	public boolean isUnreachable() {
		return this.unreachable.get();
	}

	/**
	 * Begins a turn on this thread, ended by closing it: the permit of its first connection is kept until then. A turn
	 * begun inside another one is part of it.
	 */
	public Turn beginTurn() {
		if (this.turns.get() != null) {
			return Turn.NESTED;
		}
		Turn turn = new Turn(this);
		this.turns.set(turn);
		return turn;
	}

	/**
	 * Gives back the permit this thread's turn holds, if any, once the request is done with the database (its list has
	 * been read): writing the response, however slowly the client reads it, then holds no turn. A connection the
	 * request opens after this queues again. Call it only with none of the turn's connections open.
	 */
	public void finishTurn() {
		Turn turn = this.turns.get();
		if (turn != null && turn.holdsPermit) {
			turn.holdsPermit = false;
			this.permits.release();
		}
	}

	private Connection admit(ConnectionSource source) throws SQLException {
		Turn turn = this.turns.get();
		if (turn != null && turn.holdsPermit) {
			return connect(source);
		}
		refuseWhileAnotherProbes();
		try {
			if (!this.permits.tryAcquire(this.queueTimeoutNanos, TimeUnit.NANOSECONDS)) {
				throw new SQLTransientConnectionException("No turn for a database connection within "
						+ Duration.ofNanos(this.queueTimeoutNanos).toMillis() + " ms: too many requests in flight",
						"08004");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SQLTransientConnectionException("Interrupted while waiting for a database connection", "08004", ex);
		}
		if (turn != null) {
			// Given back when the turn ends, whatever happens to this connection.
			turn.holdsPermit = true;
			return connect(source);
		}
		try {
			return releasingOnClose(connect(source));
		}
		catch (SQLException | RuntimeException | Error ex) {
			this.permits.release();
			throw ex;
		}
	}

	private Connection connect(ConnectionSource source) throws SQLException {
		boolean probe = false;
		if (this.unreachable.get()) {
			refuseWhileAnotherProbes();
			probe = this.probing.compareAndSet(false, true);
			if (!probe) {
				throw unreachableException();
			}
		}
		try {
			Connection connection = source.get();
			if (this.unreachable.getAndSet(false)) {
				log.info("The database gives connections again");
			}
			return connection;
		}
		catch (SQLTransientConnectionException ex) {
			// The pool waited its connection-timeout and got none: with a permit in hand, the pool had a connection
			// to give unless the database gives none.
			if (!this.unreachable.getAndSet(true)) {
				log.warn("The database gives no connection: until it does, one request at a time tries it and the "
						+ "others are answered 503 at once");
			}
			throw ex;
		}
		finally {
			if (probe) {
				this.probing.set(false);
			}
		}
	}

	private void refuseWhileAnotherProbes() throws SQLTransientConnectionException {
		if (this.unreachable.get() && this.probing.get()) {
			throw unreachableException();
		}
	}

	private static SQLTransientConnectionException unreachableException() {
		return new Refused();
	}

	/**
	 * Whether a failure is the gate refusing a caller at once while the database is away. The gate logs the outage
	 * once, when it begins (and once when it ends); those who answer a refusal need not log it again per request.
	 */
	public static boolean isRefusal(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof Refused) {
				return true;
			}
		}
		return false;
	}

	/** A caller refused at once: the database is away and another request is trying it. */
	static final class Refused extends SQLTransientConnectionException {

		Refused() {
			super("The database cannot be reached; another request is trying it", "08001");
		}

	}

	/** The connection handed out: closing it (once) gives the permit back. */
	private Connection releasingOnClose(Connection connection) {
		AtomicBoolean released = new AtomicBoolean();
		InvocationHandler handler = (proxy, method, args) -> {
			switch (method.getName()) {
				case "equals":
					return proxy == args[0];
				case "hashCode":
					return System.identityHashCode(proxy);
				default:
					break;
			}
			if (method.getName().equals("close") && method.getParameterCount() == 0
					&& released.compareAndSet(false, true)) {
				try {
					connection.close();
				}
				finally {
					this.permits.release();
				}
				return null;
			}
			return invoke(connection, method, args);
		};
		return (Connection) Proxy.newProxyInstance(QueryGate.class.getClassLoader(),
				new Class<?>[] { Connection.class }, handler);
	}

	private static Object invoke(Connection connection, Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(connection, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

	/** A request's turn at the database (see {@link #beginTurn()}); closing it gives back the permit it holds. */
	public static final class Turn implements AutoCloseable {

		static final Turn NESTED = new Turn(null);

		private final QueryGate gate;

		private boolean holdsPermit;

		private Turn(QueryGate gate) {
			this.gate = gate;
		}

		@Override
		public void close() {
			if (this.gate == null) {
				return;
			}
			this.gate.turns.remove();
			if (this.holdsPermit) {
				this.holdsPermit = false;
				this.gate.permits.release();
			}
		}

	}

	@FunctionalInterface
	private interface ConnectionSource {

		Connection get() throws SQLException;

	}

}
