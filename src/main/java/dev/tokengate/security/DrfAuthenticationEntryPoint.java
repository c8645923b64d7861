package dev.tokengate.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.tokengate.rest.DrfResponses;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/** DRF's 401: {@code WWW-Authenticate: Token} and a {@code detail} naming what was wrong with the credentials. */
public class DrfAuthenticationEntryPoint implements AuthenticationEntryPoint {

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		String detail = ex instanceof TokenAuthenticationException ? ex.getMessage()
				: TokenAuthenticationException.NOT_PROVIDED;
		response.setHeader("WWW-Authenticate", "Token");
		DrfResponses.detail(response, 401, detail);
	}

}
