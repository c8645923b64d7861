package dev.tokengate;

import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Tokengate: the auth-token list over the legacy REST API and GraphQL. Spring Boot's error page ({@code /error}) is
 * left out: its JSON is neither DRF's nor GraphQL's, so the errors it would answer go to
 * {@link dev.tokengate.server.ContainerErrorValve} instead.
 */
@SpringBootApplication(excludeName = { "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
		"org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration" })
public class TokengateApplication {

	public static void main(String[] args) {
		SpringApplication.run(TokengateApplication.class, withShorthands(args));
	}

	/**
	 * {@code --seed=N} is short for {@code --tokengate.seed=N}. Mapped here, on the command line only, rather than read
	 * as a property named {@code seed}, which a stray {@code SEED} environment variable would set.
	 */
	static String[] withShorthands(String[] args) {
		return Arrays.stream(args)
			.map(arg -> arg.startsWith("--seed=") ? "--tokengate." + arg.substring(2) : arg)
			.toArray(String[]::new);
	}

}
