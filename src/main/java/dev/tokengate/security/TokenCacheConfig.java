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
			@Value("${tokengate.read-replica.url:}") String readReplicaUrl, DataSource primary) {
		if (!readReplicaUrl.isEmpty()) {
			log.info("Token lookups are not cached: they read the read replica");
			return TokenOwnerCache.off();
		}
		if (hikariPool(primary) == null) {
			log.warn("Token lookups are not cached: the primary DataSource is not a Hikari pool, whose settings the "
					+ "connection that listens for token changes would copy");
			return TokenOwnerCache.off();
		}
		return new TokenOwnerCache(maxAge);
	}

	@Bean
	TokenOwnerChanges tokenOwnerChanges(TokenOwnerCache cache, DataSource primary) {
		DataSource listening = cache.isEnabled() ? listeningConnections(hikariPool(primary)) : null;
		return new TokenOwnerChanges(listening, cache, QUIET, RETRY);
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
	private static DataSource listeningConnections(HikariDataSource pool) {
		Properties properties = new Properties();
		properties.putAll(pool.getDataSourceProperties());
		if (pool.getUsername() != null) {
			properties.setProperty("user", pool.getUsername());
		}
		if (pool.getPassword() != null) {
			properties.setProperty("password", pool.getPassword());
		}
		properties.setProperty("ApplicationName", TokenOwnerChanges.APPLICATION_NAME);
		properties.setProperty("socketTimeout", String.valueOf(QUIET.multipliedBy(3).toSeconds()));
		properties.setProperty("connectTimeout", "5");
		return new DriverManagerDataSource(pool.getJdbcUrl(), properties);
	}

	/** The Hikari pool behind a DataSource (possibly wrapped), or null if it is not one or has no JDBC URL. */
	private static HikariDataSource hikariPool(DataSource dataSource) {
		try {
			if (!dataSource.isWrapperFor(HikariDataSource.class)) {
				return null;
			}
			HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
			return (pool.getJdbcUrl() != null) ? pool : null;
		}
		catch (SQLException ex) {
			return null;
		}
	}

}
