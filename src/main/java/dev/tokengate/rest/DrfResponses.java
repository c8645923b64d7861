package dev.tokengate.rest;

import java.io.IOException;
import java.io.OutputStream;

import jakarta.servlet.http.HttpServletResponse;

/** Writes the legacy endpoint's buffered responses: status, JSON content type, exact length, body. */
public final class DrfResponses {

	/** The content type of every legacy response: no charset parameter, as DRF sent it. */
	public static final String CONTENT_TYPE = "application/json";

	/** DRF's ServiceUnavailable message, for a database that cannot be reached. */
	public static final String UNAVAILABLE = "Service temporarily unavailable, try again later.";

	/** A query PostgreSQL cancelled at the statement timeout. */
	public static final String TIMED_OUT = "The query took too long and was cancelled; narrow it down and try again.";

	private DrfResponses() {
	}

	public static void write(HttpServletResponse response, int status, byte[] body) throws IOException {
		begin(response, status, body.length).write(body);
		response.flushBuffer();
	}

	static void write(HttpServletResponse response, int status, JsonBytes body) throws IOException {
		body.drainTo(begin(response, status, body.length()));
		response.flushBuffer();
	}

	/** Status, content type and length; the stream the body goes to. */
	private static OutputStream begin(HttpServletResponse response, int status, int length) throws IOException {
		response.setStatus(status);
		response.setContentType(CONTENT_TYPE);
		response.setContentLength(length);
		return response.getOutputStream();
	}

	/** A {@code {"detail": message}} response. */
	public static void detail(HttpServletResponse response, int status, String message) throws IOException {
		write(response, status, DrfJson.detail(message));
	}

}
