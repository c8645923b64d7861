package dev.tokengate.security;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.tokengate.support.Await;
import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RawHttp;
import dev.tokengate.support.StatementCounter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token lookup cache over the real database: a key presented again is not looked up again, and every change that
 * could alter its owner is honoured once PostgreSQL announces it. Entries here may be served for an hour, so a refusal
 * can only come from the announcement, never from an entry growing old.
 */
@Import(StatementCounter.class)
@TestPropertySource(properties = "tokengate.token-cache.max-age=1h")
class TokenOwnerCacheIntegrationTest extends IntegrationTest {

	private static final String INVALID = "{\"detail\":\"Invalid token.\"}";

	private static final String INACTIVE = "{\"detail\":\"User inactive or deleted.\"}";

	private static final String NO_PERMISSION = "{\"detail\":\"You do not have permission to perform this action.\"}";

	private static final AtomicInteger users = new AtomicInteger(900_000);

	@Autowired
	private StatementCounter statements;

	@Autowired
	private TokenOwnerCache cache;

	@BeforeEach
	void listening() throws InterruptedException {
		Await.until(this.cache::isListening);
	}

	/** A new staff user with one token; its key. */
	private String newStaffKey() {
		int id = users.incrementAndGet();
		String key = String.format("c%039d", id);
		this.jdbc.update("INSERT INTO users (id, username, is_staff) VALUES (?, ?, true)", id, "cached" + id);
		this.jdbc.update("INSERT INTO auth_tokens (key, user_id) VALUES (?, ?)", key, id);
		return key;
	}

	private RawHttp.Response list(String key) {
		return http().get(API + "?limit=1", "Authorization: Token " + key);
	}

	@Test
	void aKeyPresentedAgainIsNotLookedUpAgain() {
		String key = newStaffKey();
		// The page's statements, warmed (its user's names in memory): what follows counts the key's lookups.
		assertThat(rest("limit=1").status()).isEqualTo(200);
		long before = this.statements.count();
		assertThat(list(key).status()).isEqualTo(200);
		long first = this.statements.count() - before;
		assertThat(list(key).status()).isEqualTo(200);
		long second = this.statements.count() - before - first;
		assertThat(first).isEqualTo(2);
		assertThat(second).isEqualTo(1);
	}

	@Test
	void theMetricsTellThatLookupsAreCached() {
		assertThat(http().get("/actuator/prometheus").text()).contains("tokengate_token_cache_listening 1.0");
	}

	@Test
	void anUnknownKeyIsLookedUpEveryTime() {
		String unknown = String.format("u%039d", 1);
		long before = this.statements.count();
		assertThat(list(unknown).text()).isEqualTo(INVALID);
		assertThat(list(unknown).text()).isEqualTo(INVALID);
		assertThat(this.statements.count() - before).isEqualTo(2);
	}

	static Stream<Arguments> changes() {
		return Stream.of(Arguments.of("the token deleted", "DELETE FROM auth_tokens WHERE key = ?", 401, INVALID),
				Arguments.of("the token re-keyed", "UPDATE auth_tokens SET key = 'r' || substr(key, 2) WHERE key = ?",
						401, INVALID),
				Arguments.of("the token moved to a plain user",
						"UPDATE auth_tokens SET user_id = (SELECT id FROM users WHERE username = 'plain') WHERE key = ?",
						403, NO_PERMISSION),
				Arguments.of("its user deactivated",
						"UPDATE users SET is_active = false WHERE id = (SELECT user_id FROM auth_tokens WHERE key = ?)",
						401, INACTIVE),
				Arguments.of("its user no longer staff",
						"UPDATE users SET is_staff = false WHERE id = (SELECT user_id FROM auth_tokens WHERE key = ?)",
						403, NO_PERMISSION),
				Arguments.of("its user deleted",
						"DELETE FROM users WHERE id = (SELECT user_id FROM auth_tokens WHERE key = ?)", 401, INVALID));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("changes")
	void aCachedKeyFollowsEveryChangeToItsOwner(String description, String change, int status, String body)
			throws InterruptedException {
		String key = newStaffKey();
		assertThat(list(key).status()).isEqualTo(200);
		assertThat(list(key).status()).isEqualTo(200);
		assertThat(this.jdbc.update(change, key)).isEqualTo(1);
		Await.until(() -> list(key).status() == status);
		assertThat(list(key).text()).isEqualTo(body);
	}

	@Test
	void nothingIsCachedWhileATriggerIsDisabled() throws InterruptedException {
		this.jdbc.execute("ALTER TABLE users DISABLE TRIGGER users_owner_changed");
		try {
			terminateListener();
			String key = newStaffKey();
			Await.until(() -> !this.cache.isListening());
			// The listener keeps trying, and keeps finding the trigger disabled.
			Thread.sleep(3000);
			assertThat(this.cache.isListening()).isFalse();
			list(key);
			long before = this.statements.count();
			assertThat(list(key).status()).isEqualTo(200);
			assertThat(this.statements.count() - before).isEqualTo(2);
		}
		finally {
			this.jdbc.execute("ALTER TABLE users ENABLE TRIGGER users_owner_changed");
		}
		Await.until(this.cache::isListening);
	}

	private void terminateListener() {
		assertThat(listeners("count(pg_terminate_backend(pid))::int")).isEqualTo(1);
	}

	/** An aggregate over this database's listening connections. */
	private int listeners(String aggregate) {
		return this.jdbc.queryForObject("SELECT " + aggregate + " FROM pg_stat_activity WHERE application_name = ? "
				+ "AND datname = current_database()", Integer.class, TokenOwnerChanges.APPLICATION_NAME);
	}

	@Test
	void aChangeMadeWhileTheListeningConnectionIsLostIsHonouredOnceItIsBack() throws InterruptedException {
		String key = newStaffKey();
		assertThat(list(key).status()).isEqualTo(200);
		assertThat(list(key).status()).isEqualTo(200);
		terminateListener();
		// Deleted before the service listens again: the notification of this deletion is lost.
		this.jdbc.update("DELETE FROM auth_tokens WHERE key = ?", key);
		Await.until(() -> list(key).status() == 401);
		Await.until(() -> this.cache.isListening() && listeners("count(*)::int") == 1);
		// Listening again, the cache serves again.
		String another = newStaffKey();
		list(another);
		long before = this.statements.count();
		assertThat(list(another).status()).isEqualTo(200);
		assertThat(this.statements.count() - before).isEqualTo(1);
	}

}
