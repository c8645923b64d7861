package dev.tokengate.security;

import dev.tokengate.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A primary DataSource that is not a Hikari pool gives the listening connection no settings to copy: the service
 * starts and serves with the token lookup cache off, looking every key up.
 */
@TestPropertySource(properties = "spring.datasource.type=org.springframework.jdbc.datasource.SimpleDriverDataSource")
class TokenOwnerCacheWithoutHikariTest extends IntegrationTest {

	@Autowired
	private TokenOwnerCache cache;

	@Test
	void theServiceRunsWithTheCacheOff() {
		assertThat(this.cache.isEnabled()).isFalse();
		assertThat(rest("limit=1").status()).isEqualTo(200);
		assertThat(http().get("/actuator/prometheus").text()).contains("tokengate_token_cache_listening 0.0");
	}

}
