package dev.tokengate.security;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.tokengate.rest.DrfResponses;
import dev.tokengate.token.QueryGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Token <key>} on every request. A header that is a token header but wrong
 * (malformed, unknown key, inactive user) is answered at once with the legacy 401, on REST and GraphQL alike; no
 * header, or another scheme, leaves the request anonymous for the authorization rules to decide.
 */
public class TokenAuthenticationFilter extends OncePerRequestFilter {

	/** The authority of staff users and superusers: the legacy IsStaffOrSuperuser permission. */
	public static final String STAFF_AUTHORITY = "ROLE_STAFF";

	private static final Logger log = LoggerFactory.getLogger(TokenAuthenticationFilter.class);

	private static final byte[] GRAPHQL_UNAVAILABLE = ("{\"errors\":[{\"message\":\"" + DrfResponses.UNAVAILABLE
			+ "\",\"extensions\":{\"classification\":\"SERVICE_UNAVAILABLE\"}}]}")
		.getBytes(java.nio.charset.StandardCharsets.UTF_8);

	private final TokenAuthenticator authenticator;

	private final AuthenticationEntryPoint entryPoint;

	public TokenAuthenticationFilter(TokenAuthenticator authenticator, AuthenticationEntryPoint entryPoint) {
		this.authenticator = authenticator;
		this.entryPoint = entryPoint;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<TokenPrincipal> principal;
		try {
			principal = this.authenticator.authenticate(request.getHeader("Authorization"));
		}
		catch (TokenAuthenticationException ex) {
			SecurityContextHolder.clearContext();
			this.entryPoint.commence(request, response, ex);
			return;
		}
		catch (DataAccessException ex) {
			// The key cannot be checked while the database is away: a clean 503, never a 500.
			if (!QueryGate.isRefusal(ex)) {
				log.warn("Token lookup failed, the database is unavailable: {}", ex.getClass().getSimpleName());
			}
			response.setHeader("Retry-After", "5");
			if (request.getRequestURI().startsWith(request.getContextPath() + "/graphql")) {
				DrfResponses.write(response, 503, GRAPHQL_UNAVAILABLE);
			}
			else {
				DrfResponses.detail(response, 503, DrfResponses.UNAVAILABLE);
			}
			return;
		}
		principal.ifPresent(p -> {
			var authorities = p.isStaffOrSuperuser() ? List.of(new SimpleGrantedAuthority(STAFF_AUTHORITY))
					: List.<SimpleGrantedAuthority>of();
			var authentication = UsernamePasswordAuthenticationToken.authenticated(p, null, authorities);
			SecurityContextHolder.setContext(new SecurityContextImpl(authentication));
		});
		chain.doFilter(request, response);
	}

}
