package dev.tokengate.token;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

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

	/**
	 * The replica's pool: credentials default to the primary's, and so do the pool size and the connection timeout
	 * (which bounds how long a request waits before its 503); {@code tokengate.read-replica.hikari.*} overrides any
	 * Hikari setting. Not a default candidate, so the primary stays the DataSource that everything else is given.
	 */
	@Bean(defaultCandidate = false)
	@Qualifier(READ_REPLICA)
	@ConditionalOnExpression("!'${tokengate.read-replica.url:}'.isEmpty()")
	@ConfigurationProperties("tokengate.read-replica.hikari")
	HikariDataSource readReplicaDataSource(@Value("${tokengate.read-replica.url}") String url,
			@Value("${tokengate.read-replica.username:${spring.datasource.username:}}") String username,
			@Value("${tokengate.read-replica.password:${spring.datasource.password:}}") String password,
			@Value("${spring.datasource.hikari.maximum-pool-size:10}") int maximumPoolSize,
			@Value("${spring.datasource.hikari.connection-timeout:30000}") long connectionTimeout) {
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
		return replica;
	}

	@Bean
	ReadDatabase readDatabase(@Qualifier(READ_REPLICA) ObjectProvider<DataSource> replica, JdbcTemplate primary,
			PlatformTransactionManager primaryTransactions) {
		DataSource replicaDataSource = replica.getIfAvailable();
		if (replicaDataSource == null) {
			return new ReadDatabase(primary, primaryTransactions);
		}
		JdbcTemplate jdbc = new JdbcTemplate(replicaDataSource);
		// The spring.jdbc.template.* settings apply to the replica's queries too.
		jdbc.setFetchSize(primary.getFetchSize());
		jdbc.setMaxRows(primary.getMaxRows());
		jdbc.setQueryTimeout(primary.getQueryTimeout());
		return new ReadDatabase(jdbc, new JdbcTransactionManager(replicaDataSource));
	}

}
