package dev.tokengate.server;

import dev.tokengate.rest.DrfResponses;

import org.springframework.http.HttpStatus;

/**
 * The bodies of the server's own errors: fixed texts per status, ASCII only. DRF's texts where DRF has one for the
 * status (its {@code ParseError}, {@code NotAuthenticated}, {@code PermissionDenied}, {@code NotFound},
 * {@code APIException}), and for GraphQL the classifications Spring GraphQL gives the same statuses.
 */
final class ContainerErrors {

	private ContainerErrors() {
	}

	/** {@code {"detail": message}}, as DRF answers an error. */
	static String drf(String message) {
		return "{\"detail\":\"" + message + "\"}";
	}

	/** A GraphQL response with one error, classified as Spring GraphQL classifies the status. */
	static String graphQl(int status, String message) {
		return "{\"errors\":[{\"message\":\"" + message + "\",\"extensions\":{\"classification\":\""
				+ classification(status) + "\"}}]}";
	}

	/**
	 * The text for a status. A 400 without a request line is Tomcat refusing that line (longer than
	 * {@code server.max-http-request-header-size}, 8 KB by default, or not HTTP).
	 */
	static String message(int status, boolean requestLineRead) {
		return switch (status) {
			case 400 -> requestLineRead ? "Malformed request."
					: "Malformed request: the request line is too long or not valid HTTP.";
			case 401 -> "Authentication credentials were not provided.";
			case 403 -> "You do not have permission to perform this action.";
			case 404 -> "Not found.";
			case 405 -> "Method not allowed.";
			case 413 -> "Request entity too large.";
			case 414 -> "Request line too long.";
			case 431 -> "Request header fields too large.";
			// Tomcat's only 501: a Transfer-Encoding it does not implement.
			case 501 -> "Transfer-Encoding not supported.";
			case 503 -> DrfResponses.UNAVAILABLE;
			case 505 -> "HTTP version not supported.";
			default -> status >= 500 ? "A server error occurred." : reason(status);
		};
	}

	static String classification(int status) {
		return switch (status) {
			case 401 -> "UNAUTHORIZED";
			case 403 -> "FORBIDDEN";
			case 404 -> "NOT_FOUND";
			case 501, 505 -> "BAD_REQUEST";
			default -> status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
		};
	}

	private static String reason(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		return known == null ? "Request refused." : known.getReasonPhrase() + ".";
	}

}
