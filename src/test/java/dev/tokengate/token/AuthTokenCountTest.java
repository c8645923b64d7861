package dev.tokengate.token;

import com.jayway.jsonpath.JsonPath;
import dev.tokengate.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The unfiltered count comes from a trigger-maintained counter: it must stay exact whatever is written. */
class AuthTokenCountTest extends IntegrationTest {

	@Test
	void theCounterFollowsInsertsDeletesCascadesAndTruncates() {
		assertThat(count()).isEqualTo(5000);
		this.jdbc.update("INSERT INTO users (id, username) VALUES (100001, 'counted')");
		this.jdbc.update("INSERT INTO auth_tokens (key, user_id) SELECT 'counted' || lpad(g::text, 33, '0'), 100001 "
				+ "FROM generate_series(1, 3) g");
		assertThat(count()).isEqualTo(5003);
		this.jdbc.update("DELETE FROM auth_tokens WHERE key = 'counted' || lpad('1', 33, '0')");
		assertThat(count()).isEqualTo(5002);
		this.jdbc.update("DELETE FROM users WHERE id = 100001");
		assertThat(count()).isEqualTo(5000);
		assertThat(count()).isEqualTo(this.jdbc.queryForObject("SELECT count(*) FROM auth_tokens", Long.class));
		this.jdbc.update("TRUNCATE auth_tokens");
		assertThat(count()).isZero();
	}

	@Autowired
	AuthTokenService tokens;

	/** The count the REST envelope shows (the admin's own token must exist for that), else the service's. */
	private long count() {
		if (this.jdbc.queryForObject("SELECT count(*) FROM auth_tokens WHERE id = 1", Integer.class) == 0) {
			return this.tokens.count(new AuthTokenQuery(null, null, null, null));
		}
		return JsonPath.<Integer>read(rest("limit=1").text(), "$.count");
	}

}
