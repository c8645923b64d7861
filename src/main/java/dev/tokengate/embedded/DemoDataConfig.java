package dev.tokengate.embedded;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What is loaded after the migrations: with {@code tokengate.seed=N} ({@code --seed=N}) the generated data set of N
 * tokens, for trying the service at scale; otherwise the demo data, into an empty embedded database only. Always into
 * the primary database.
 */
@Configuration(proxyBeanMethods = false)
public class DemoDataConfig {

	private static final Logger log = LoggerFactory.getLogger(DemoDataConfig.class);

	@Bean
	FlywayMigrationStrategy migrateThenLoadDemoData(DataSource dataSource,
			ObjectProvider<EmbeddedPostgresServer> embedded, @Value("${tokengate.seed:0}") int seed,
			@Value("${tokengate.demo.users:1000}") int users, @Value("${tokengate.demo.tokens:5000}") int tokens) {
		return flyway -> {
			flyway.migrate();
			boolean embeddedDatabase = embedded.getIfAvailable() != null;
			if (seed != 0) {
				DemoData.seed(dataSource, seed, embeddedDatabase);
			}
			else if (embeddedDatabase && DemoData.isEmpty(dataSource)) {
				log.info("Empty database: loading the demo data ({} users, {} tokens)", users, tokens);
				DemoData.load(dataSource, users, tokens);
			}
		};
	}

}
