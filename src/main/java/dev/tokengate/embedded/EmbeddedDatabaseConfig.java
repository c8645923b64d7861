package dev.tokengate.embedded;

import java.nio.file.Path;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;

/**
 * Active when no {@code spring.datasource.url} is set: starts the embedded PostgreSQL and points the pool at it (the
 * demo data comes after the migrations, see {@link DemoDataConfig}). With {@code tokengate.embedded.enabled=false}
 * (the prod profile) a missing URL is a configuration error instead, reported before anything starts.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
public class EmbeddedDatabaseConfig {

	static final String DATABASE = "tokengate";

	@Bean(destroyMethod = "stop")
	EmbeddedPostgresServer embeddedPostgresServer(@Value("${tokengate.embedded.enabled:true}") boolean enabled,
			@Value("${tokengate.embedded.data-dir:.tokengate/pgdata}") Path dataDir,
			@Value("${tokengate.embedded.install-dir:.tokengate}") Path installDir,
			@Value("${tokengate.embedded.port:0}") int port) {
		if (!enabled) {
			throw new NoDatabaseConfiguredException();
		}
		EmbeddedPostgresServer server = EmbeddedPostgresServer.start(installDir, dataDir, port);
		server.createDatabase(DATABASE, null);
		return server;
	}

	@Bean
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource dataSource(EmbeddedPostgresServer server) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(server.jdbcUrl(DATABASE));
		dataSource.setUsername(EmbeddedPostgresServer.SUPERUSER);
		return dataSource;
	}

}
