package dev.tokengate.rest;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first step of DRF's request handling on the legacy endpoint, which runs before authentication: content
 * negotiation. It also sets the headers every legacy response carries, errors included.
 *
 * <p>Only {@code application/json} is rendered, so an {@code Accept} header none of whose entries matches it is a 406,
 * and a {@code format} parameter other than {@code json} is a 404, as with DRF's DefaultContentNegotiation.
 */
public class LegacyApiFilter extends OncePerRequestFilter {

	public static final String PATH = "/api/users/auth_tokens";

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !isLegacyPath(request);
	}

	public static boolean isLegacyPath(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return path.equals(PATH) || path.equals(PATH + "/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader("Allow", "GET, HEAD, OPTIONS");
		response.setContentType(DrfResponses.CONTENT_TYPE);
		String format = DrfQueryString.of(request).get("format");
		if (format != null && !format.isEmpty() && !format.equals("json")) {
			DrfResponses.detail(response, 404, "Not found.");
			return;
		}
		if (!acceptsJson(request.getHeader("Accept"))) {
			DrfResponses.detail(response, 406, "Could not satisfy the request Accept header.");
			return;
		}
		chain.doFilter(request, response);
	}

	/**
	 * DRF's matching of {@code application/json} against each comma-separated entry of the header: types are compared
	 * case-insensitively, wildcards match, parameters (q included) are ignored. No header means {@code *}{@code /*}.
	 */
	static boolean acceptsJson(String accept) {
		if (accept == null) {
			return true;
		}
		for (String entry : accept.split(",", -1)) {
			String type = entry.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
			int slash = type.indexOf('/');
			String main = slash < 0 ? type : type.substring(0, slash);
			String sub = slash < 0 ? "" : type.substring(slash + 1);
			boolean mainMatches = main.equals("*") || main.equals("application");
			boolean subMatches = sub.equals("*") || sub.equals("json");
			if (mainMatches && subMatches) {
				return true;
			}
		}
		return false;
	}

}
