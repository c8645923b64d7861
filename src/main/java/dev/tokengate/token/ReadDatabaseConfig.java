package dev.tokengate.token;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The read replica: with {@code tokengate.read-replica.url} set, the list queries and the token lookup read from a
 * read-only pool of their own on that URL (a PostgreSQL hot standby, or anything serving the same tables), while
 * Flyway and the demo data keep using the primary {@code spring.datasource}. The service never writes, so any
 * number of instances can share replicas.
 */
@Configuration(proxyBeanMethods = false)
public class ReadDatabaseConfig {

	/** The qualifier of the replica's pool. */
	public static final String READ_REPLICA = "readReplica";

	/** Hikari's default, for a pool that is not a Hikari pool. */
	private static final int DEFAULT_POOL_SIZE = 10;

	/**
	 * The replica's pool: credentials default to the primary's, and so do the pool size, the connection timeout
	 * (which bounds how long a request waits before its 503) and the SQL each connection starts with (the planner
	 * settings the list's statements are measured with); {@code tokengate.read-replica.hikari.*} overrides any
	 * Hikari setting. Not a default candidate, so the primary stays the DataSource that everything else is given.
	 */
	@Bean(defaultCandidate = false)
	@Qualifier(READ_REPLICA)
	@ConditionalOnExpression("!'${tokengate.read-replica.url:}'.isEmpty()")
	@ConfigurationProperties("tokengate.read-replica.hikari")
	HikariDataSource readReplicaDataSource(@Value("${tokengate.read-replica.url}") String url,
			@Value("${tokengate.read-replica.username:${spring.datasource.username:}}") String username,
			@Value("${tokengate.read-replica.password:${spring.datasource.password:}}") String password,
			@Value("${spring.datasource.hikari.maximum-pool-size:17}") int maximumPoolSize,
			@Value("${spring.datasource.hikari.connection-timeout:30000}") long connectionTimeout,
			@Value("${spring.datasource.hikari.connection-init-sql:}") String connectionInitSql) {
		HikariDataSource replica = new HikariDataSource();
		replica.setPoolName("read-replica");
		replica.setJdbcUrl(url);
		if (!username.isEmpty()) {
			replica.setUsername(username);
		}
		replica.setPassword(password);
		// Each transaction begins READ ONLY (pgjdbc's default readOnlyMode: no session setting).
		replica.setReadOnly(true);
		replica.setMaximumPoolSize(maximumPoolSize);
		replica.setConnectionTimeout(connectionTimeout);
		if (!connectionInitSql.isEmpty()) {
			replica.setConnectionInitSql(connectionInitSql);
		}
		return replica;
	}

	/**
	 * The list queries and the token lookup read through a {@link QueryGate} on the replica's pool, or on the primary
	 * pool when there is no replica: requests take connections in arrival order, at most
	 * {@code tokengate.database.max-concurrent-queries} at once (by default one less than the pool holds, so the
	 * health check always finds one), waiting at most {@code tokengate.database.queue-timeout} for their turn.
	 */
	@Bean
	ReadDatabase readDatabase(@Qualifier(READ_REPLICA) ObjectProvider<DataSource> replica, DataSource primary,
			JdbcTemplate primaryJdbc, @Value("${tokengate.database.max-concurrent-queries:0}") int maxConcurrentQueries,
			@Value("${tokengate.database.queue-timeout:20s}") Duration queueTimeout) {
		DataSource pool = replica.getIfAvailable(() -> primary);
		int permits = (maxConcurrentQueries > 0) ? maxConcurrentQueries : Math.max(1, poolSize(pool) - 1);
		QueryGate gate = new QueryGate(pool, permits, queueTimeout);
		JdbcTemplate jdbc = new JdbcTemplate(gate);
		// The spring.jdbc.template.* settings apply to these queries too.
		jdbc.setFetchSize(primaryJdbc.getFetchSize());
		jdbc.setMaxRows(primaryJdbc.getMaxRows());
		jdbc.setQueryTimeout(primaryJdbc.getQueryTimeout());
		return new ReadDatabase(jdbc, new JdbcTransactionManager(gate));
	}

	/** The gate's queue on /actuator/prometheus: requests waiting for a connection, and whether the database is away. */
	@Bean
	MeterBinder queryGateMetrics(ReadDatabase reads) {
		return registry -> reads.gate().ifPresent(gate -> {
			Gauge.builder("tokengate.database.queued", gate, QueryGate::queued)
				.description("Requests waiting for their turn at a database connection")
				.register(registry);
			Gauge.builder("tokengate.database.unreachable", gate, g -> g.isUnreachable() ? 1 : 0)
				.description("1 while the last attempt to reach the database failed")
				.register(registry);
		});
	}

	/**
	 * Each request is one turn at the gate (begun before Spring Security's filters, so the token lookup and the list
	 * query share it): it queues once for the database, however many connections it opens one after the other.
	 */
	@Bean
	FilterRegistrationBean<OncePerRequestFilter> databaseTurns(ReadDatabase reads) {
		QueryGate gate = reads.gate().orElse(null);
		OncePerRequestFilter filter = new OncePerRequestFilter() {
			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				if (gate == null) {
					chain.doFilter(request, response);
					return;
				}
				try (QueryGate.Turn turn = gate.beginTurn()) {
					chain.doFilter(request, response);
				}
			}
		};
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1);
		return registration;
	}

	private static int poolSize(DataSource pool) {
		try {
			return pool.unwrap(HikariDataSource.class).getMaximumPoolSize();
		}
		catch (SQLException ex) {
			return DEFAULT_POOL_SIZE;
		}
	}

}
