package dev.tokengate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Tokengate: the auth-token list over the legacy REST API and GraphQL. */
@SpringBootApplication(excludeName = "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration")
public class TokengateApplication {

	public static void main(String[] args) {
		SpringApplication.run(TokengateApplication.class, args);
	}

}
