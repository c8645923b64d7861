package dev.tokengate.security;

import org.springframework.security.core.AuthenticationException;

/** A token header DRF would have refused, with DRF's message. */
public class TokenAuthenticationException extends AuthenticationException {

	public static final String NOT_PROVIDED = "Authentication credentials were not provided.";

	public TokenAuthenticationException(String detail) {
		super(detail);
	}

}
