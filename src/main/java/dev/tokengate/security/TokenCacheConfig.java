package dev.tokengate.security;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The token lookup cache ({@link TokenOwnerCache}) and what keeps it true ({@link TokenOwnerChanges}). On unless
 * {@code tokengate.token-cache.max-age} is zero. Off with a read replica: the lookups would read the replica, which
 * may not yet have replayed a change when its notification arrives from the primary, so a stale owner could be
 * stored again after the change was announced.
 */
@Configuration(proxyBeanMethods = false)
public class TokenCacheConfig {

	private static final Logger log = LoggerFactory.getLogger(TokenCacheConfig.class);

	/** How long the listening connection may be quiet before it is checked with a query. */
	private static final Duration QUIET = Duration.ofSeconds(5);

	/** How long the listener waits before it connects again. */
	private static final Duration RETRY = Duration.ofSeconds(2);

	@Bean
	TokenOwnerCache tokenOwnerCache(@Value("${tokengate.token-cache.max-age:10s}") Duration maxAge,
			@Value("${tokengate.read-replica.url:}") String readReplicaUrl) {
		if (!readReplicaUrl.isEmpty()) {
			log.info("Token lookups are not cached: they read the read replica");
			return TokenOwnerCache.off();
		}
		return new TokenOwnerCache(maxAge);
	}

	@Bean
	TokenOwnerChanges tokenOwnerChanges(TokenOwnerCache cache, DataSource primary) {
		return new TokenOwnerChanges(cache.isEnabled() ? listeningConnections(primary) : null, cache, QUIET, RETRY);
	}

	/** Whether the cache is serving, on /actuator/prometheus: 0 while its listening connection is lost (or it is off). */
	@Bean
	MeterBinder tokenCacheMetrics(TokenOwnerCache cache) {
		return registry -> Gauge.builder("tokengate.token.cache.listening", cache, c -> c.isListening() ? 1 : 0)
			.description("1 while token lookups are cached: changes to tokens and their owners are being announced")
			.register(registry);
	}

	/**
	 * Unpooled connections to the primary pool's database, with its settings and credentials, named for
	 * {@code pg_stat_activity}, and with a socket timeout that makes a connection that died silently fail its check.
	 */
	private static DataSource listeningConnections(DataSource primary) {
		HikariDataSource pool;
		try {
			pool = primary.unwrap(HikariDataSource.class);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("The primary DataSource is not a Hikari pool; set "
					+ "tokengate.token-cache.max-age=0 to run without the token lookup cache", ex);
		}
		Properties properties = new Properties();
		properties.putAll(pool.getDataSourceProperties());
		if (pool.getUsername() != null) {
			properties.setProperty("user", pool.getUsername());
		}
		if (pool.getPassword() != null) {
			properties.setProperty("password", pool.getPassword());
		}
		properties.setProperty("ApplicationName", "tokengate token changes");
		properties.setProperty("socketTimeout", String.valueOf(QUIET.multipliedBy(3).toSeconds()));
		properties.setProperty("connectTimeout", "5");
		return new DriverManagerDataSource(pool.getJdbcUrl(), properties);
	}

}
