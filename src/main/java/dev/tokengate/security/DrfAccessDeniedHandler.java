package dev.tokengate.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.tokengate.rest.DrfResponses;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

/** DRF's 403 for an authenticated user who is neither staff nor superuser (no WWW-Authenticate). */
public class DrfAccessDeniedHandler implements AccessDeniedHandler {

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		DrfResponses.detail(response, 403, "You do not have permission to perform this action.");
	}

}
