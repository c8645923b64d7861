package dev.tokengate.security;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Listens, on a connection of its own to the primary database (not one of the pool's), for the notifications of the
 * V6 migration's triggers, and makes the {@link TokenOwnerCache} stale on each one. It listens only while both
 * triggers are there and enabled. A connection that has been quiet for a few seconds is checked with a query, so one
 * that died silently is noticed; while there is no connection the cache serves nothing, and a new connection is tried
 * every few seconds (the loss is logged once, the return once).
 */
public final class TokenOwnerChanges implements SmartLifecycle {

	/** The channel the V6 migration's triggers notify. */
	public static final String CHANNEL = "tokengate_token_owners";

	/** The name of the listening connection in {@code pg_stat_activity}. */
	public static final String APPLICATION_NAME = "tokengate token changes";

	private static final Logger log = LoggerFactory.getLogger(TokenOwnerChanges.class);

	private final DataSource database;

	private final TokenOwnerCache cache;

	private final int quietMillis;

	private final Duration retry;

	private volatile boolean running;

	private volatile Connection connection;

	private Thread listener;

	/** Whether the loss of the connection has been logged (and its return not yet): read by the listener only. */
	private boolean lost;

	/**
	 * @param database gives the listening connection (unpooled, with a socket timeout longer than {@code quiet}); unused
	 * if the cache is off
	 * @param cache made stale on each notification
	 * @param quiet how long the connection may be quiet before it is checked
	 * @param retry how long to wait before connecting again after a failure
	 */
	public TokenOwnerChanges(DataSource database, TokenOwnerCache cache, Duration quiet, Duration retry) {
		this.database = database;
		this.cache = cache;
		this.quietMillis = (int) quiet.toMillis();
		this.retry = retry;
	}

	@Override
	public void start() {
		if (!this.cache.isEnabled()) {
			return;
		}
		this.running = true;
		this.listener = new Thread(this::listen, "token-owner-changes");
		this.listener.setDaemon(true);
		this.listener.start();
	}

	@Override
	public void stop() {
		if (this.listener == null) {
			return;
		}
		this.running = false;
		this.cache.stopListening();
		Connection current = this.connection;
		if (current != null) {
			try {
				current.close();
			}
			catch (SQLException ex) {
				// Closing is all that is left to do; the thread ends either way.
			}
		}
		this.listener.interrupt();
		try {
			this.listener.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void listen() {
		try {
			while (this.running) {
				try (Connection listening = this.database.getConnection()) {
					this.connection = listening;
					listenOn(listening);
				}
				catch (SQLException | RuntimeException ex) {
					this.cache.stopListening();
					if (this.running) {
						if (!this.lost) {
							log.warn("Not listening for token changes ({}): every request looks its token up until then",
									(ex instanceof TriggersMissing) ? ex.getMessage() : ex.getClass().getSimpleName());
							this.lost = true;
						}
						pause();
					}
				}
				finally {
					this.connection = null;
				}
			}
		}
		finally {
			// However listening ends, the cache stops serving: it must never serve while nobody listens.
			this.cache.stopListening();
		}
	}

	private void listenOn(Connection listening) throws SQLException {
		try (Statement statement = listening.createStatement()) {
			statement.execute("LISTEN " + CHANNEL);
		}
		if (!triggersInPlace(listening)) {
			// Without them nothing is announced (a schema managed without Flyway, or triggers disabled).
			throw new TriggersMissing();
		}
		PGConnection notifications = listening.unwrap(PGConnection.class);
		this.cache.startListening();
		if (this.lost) {
			log.info("Listening for token changes again: token lookups are cached again");
			this.lost = false;
		}
		while (this.running) {
			PGNotification[] received = notifications.getNotifications(this.quietMillis);
			if (received != null && received.length > 0) {
				this.cache.changed();
			}
			else {
				try (Statement check = listening.createStatement()) {
					check.execute("SELECT 1");
				}
			}
		}
	}

	private static boolean triggersInPlace(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet triggers = statement.executeQuery("SELECT count(*) FROM pg_trigger WHERE tgenabled <> 'D' "
						+ "AND ((tgname = 'auth_tokens_owner_changed' AND tgrelid = to_regclass('auth_tokens')) "
						+ "OR (tgname = 'users_owner_changed' AND tgrelid = to_regclass('users')))")) {
			return triggers.next() && triggers.getInt(1) == 2;
		}
	}

	/** The V6 migration's triggers are not there, or disabled: changes would go unannounced. */
	private static final class TriggersMissing extends SQLException {

		TriggersMissing() {
			super("the V6 migration's triggers are missing or disabled");
		}

	}

	private void pause() {
		try {
			Thread.sleep(this.retry.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

}
