package dev.tokengate.security;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RecordingAuthTokenService;
import dev.tokengate.token.AuthTokenQueryBuilder;
import dev.tokengate.token.AuthTokenService;
import dev.tokengate.token.UserNamesCache;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The token lookup does the same work for every presented key, so its duration tells nothing about the key: an unknown
 * key, an inactive user's, a plain user's, a staff user's and one that cannot exist each cost exactly one SQL
 * statement (the same one) and one constant-time comparison against 40 stored bytes. Checked by counting, over the
 * real database, not by timing, with the token lookup cache off: a key the cache holds skips the lookup
 * ({@link TokenOwnerCacheIntegrationTest}), which tells nothing its own answer does not.
 */
class TokenLookupWorkTest extends IntegrationTest {

	/** The work one authentication did: the SQL statements it prepared, and the stored lengths it compared against. */
	record Work(List<String> statements, List<Integer> comparedLengths) {
	}

	@Autowired
	private DataSource dataSource;

	@Autowired
	private AuthTokenQueryBuilder sql;

	static Stream<Arguments> keys() {
		return Stream.of(Arguments.of("an unknown key", "x0000000000000000000000000000000000nope", "Invalid token."),
				Arguments.of("an inactive user's key", INACTIVE_KEY, "User inactive or deleted."),
				Arguments.of("a plain user's key", PLAIN_KEY, null), Arguments.of("a staff user's key", STAFF_KEY, null),
				Arguments.of("a key one character too long", STAFF_KEY + "x", "Invalid token."),
				Arguments.of("a short key", "abc", "Invalid token."),
				Arguments.of("a 40-character key with a NUL", "\0" + STAFF_KEY.substring(1), "Invalid token."));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("keys")
	void everyKeyCostsOneLookupAndOneComparison(String description, String key, String refusal) {
		Work unknown = workFor("y0000000000000000000000000000000000nope", "Invalid token.");
		Work work = workFor(key, refusal);
		assertThat(work.statements()).containsExactly(this.sql.tokenOwner(key).sql());
		assertThat(work.comparedLengths()).containsExactly(40);
		assertThat(work).isEqualTo(unknown);
	}

	/** Authenticates the key over a data source that records every statement, and checks the outcome. */
	private Work workFor(String key, String refusal) {
		List<String> statements = new ArrayList<>();
		List<Integer> compared = new ArrayList<>();
		AuthTokenService tokens = RecordingAuthTokenService.recording(this.dataSource, this.sql, statements,
				UserNamesCache.off());
		TokenAuthenticator authenticator = new TokenAuthenticator(tokens, TokenOwnerCache.off()) {
			@Override
			boolean sameKey(byte[] presented, byte[] stored) {
				compared.add(stored.length);
				return super.sameKey(presented, stored);
			}
		};
		if (refusal == null) {
			assertThat(authenticator.authenticate("Token " + key)).isPresent();
		}
		else {
			assertThat(catchThrowableOfType(TokenAuthenticationException.class,
					() -> authenticator.authenticate("Token " + key)))
				.hasMessage(refusal);
		}
		return new Work(statements, compared);
	}

}
