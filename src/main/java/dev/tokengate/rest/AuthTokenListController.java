package dev.tokengate.rest;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.swagger.v3.oas.annotations.Hidden;

import dev.tokengate.token.AuthTokenPage;
import dev.tokengate.token.AuthTokenPageRequest;
import dev.tokengate.token.AuthTokenQuery;
import dev.tokengate.token.AuthTokenRow;
import dev.tokengate.token.AuthTokenService;

import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/users/auth_tokens}, with or without the trailing slash. Authentication, the staff rule and content
 * negotiation have run before (see the security configuration and {@link LegacyApiFilter}); this parses the legacy
 * parameters, calls the service and writes the DRF-shaped answer. Its OpenAPI description is written out in
 * {@link AuthTokenListApiDocs}, since nothing here declares the parameters.
 */
@Hidden
@RestController
@RequestMapping({ LegacyApiFilter.PATH, LegacyApiFilter.PATH + "/" })
public class AuthTokenListController {

	/** The order django-filter reports invalid fields in: the order the FilterSet declares them. */
	private static final List<String> FILTER_FIELDS = List.of("id_min", "id_max", "created_date", "updated_date",
			"created_from", "created_to", "updated_from", "updated_to");

	private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

	/**
	 * The unpaginated list goes out in pieces of about this many bytes (a chunk of the chunked encoding); a list that
	 * fits in one goes out whole, with its Content-Length, as the legacy service sent every list.
	 */
	private static final int STREAM_CHUNK = 64 * 1024;

	/**
	 * An envelope goes out whole with its Content-Length up to this many bytes (the legacy service sent every response
	 * so; its transcript pins 1,079,692 bytes for limit=100000 on 5,000 tokens); a longer one is streamed as the
	 * unpaginated list is, so that memory stays flat.
	 */
	private static final int ENVELOPE_WHOLE_UP_TO = 2 * 1024 * 1024;

	private final AuthTokenService tokens;

	public AuthTokenListController(AuthTokenService tokens) {
		this.tokens = tokens;
	}

	/** DRF's SimpleMetadata for a list view without write actions. */
	@RequestMapping(method = RequestMethod.OPTIONS)
	public void options(HttpServletResponse response) throws IOException {
		DrfResponses.write(response, 200, DrfJson.OPTIONS_BODY);
	}

	/** GET and HEAD list; every other method is DRF's 405 (after authentication, as in DRF). */
	@RequestMapping
	public void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String method = request.getMethod().toUpperCase(Locale.ROOT);
		if (!method.equals("GET") && !method.equals("HEAD")) {
			DrfResponses.detail(response, 405, "Method \"" + method + "\" not allowed.");
			return;
		}
		DrfQueryString params = DrfQueryString.of(request);
		DrfListParameters parameters;
		try {
			parameters = DrfListParameters.from(params);
		}
		catch (DrfValidationException ex) {
			DrfResponses.write(response, 400, DrfJson.fieldErrors(ex.errors(), FILTER_FIELDS));
			return;
		}
		boolean head = method.equals("HEAD");
		if (parameters.limit() == null) {
			writeAll(parameters.query(), response, head);
		}
		else {
			writePage(parameters, new DrfPageLinks(baseUrl(request), params), response, head);
		}
	}

	/**
	 * The unpaginated list (no valid limit): a bare array of every matching row, streamed as it is read, or sent whole
	 * with its Content-Length when it fits in one piece. HEAD answers with the length the body would have, as the
	 * legacy service did.
	 */
	private void writeAll(AuthTokenQuery query, HttpServletResponse response, boolean head) throws IOException {
		StreamedBody body = new StreamedBody(response, head, STREAM_CHUNK);
		body.json().append('[');
		this.tokens.stream(query.withPage(new AuthTokenPageRequest.All()), body::row);
		body.json().append(']');
		body.finish();
	}

	private void writePage(DrfListParameters parameters, DrfPageLinks links, HttpServletResponse response,
			boolean head) throws IOException {
		BigInteger limit = parameters.limit();
		BigInteger offset = parameters.offset();
		AuthTokenQuery query = parameters.query()
			.withPage(new AuthTokenPageRequest.Offset(limit.min(LONG_MAX).longValue(), offset.min(LONG_MAX).longValue()));
		if (limit.compareTo(BigInteger.valueOf(AuthTokenService.STREAM_BATCH)) > 0) {
			// A page longer than a batch (DRF took any limit) is streamed like the unpaginated list, its count first.
			StreamedBody body = new StreamedBody(response, head, ENVELOPE_WHOLE_UP_TO);
			this.tokens.streamPage(query, count -> DrfJson.envelopeHead(body.json(), count,
					links.next(BigInteger.valueOf(count), limit, offset), links.previous(limit, offset)), body::row);
			body.json().ascii("]}");
			body.finish();
			return;
		}
		AuthTokenPage page = this.tokens.find(query, true, false);
		BigInteger count = BigInteger.valueOf(page.count());
		JsonBytes body = DrfJson.envelope(page.count(), links.next(count, limit, offset),
				links.previous(limit, offset), page.rows());
		DrfResponses.write(response, 200, body);
	}

	/**
	 * Django's {@code build_absolute_uri()} without the query: the scheme and host the client used (behind a proxy,
	 * the X-Forwarded-Proto and X-Forwarded-Host it sets) and the path as requested, trailing slash included.
	 */
	private static String baseUrl(HttpServletRequest request) {
		String scheme = firstValue(request.getHeader("X-Forwarded-Proto"));
		if (scheme == null) {
			scheme = request.getScheme();
		}
		String host = firstValue(request.getHeader("X-Forwarded-Host"));
		if (host == null) {
			host = firstValue(request.getHeader("Host"));
		}
		if (host == null) {
			host = request.getServerName() + ":" + request.getServerPort();
		}
		String path = request.getRequestURI().endsWith("/") ? LegacyApiFilter.PATH + "/" : LegacyApiFilter.PATH;
		return scheme + "://" + host + request.getContextPath() + path;
	}

	private static String firstValue(String header) {
		if (header == null) {
			return null;
		}
		String first = header.split(",", 2)[0].strip();
		return first.isEmpty() ? null : first;
	}

	/**
	 * A 200 body of rows written as they are read: whole with its Content-Length when it holds at most
	 * {@code wholeUpTo} bytes, else streamed (chunked) in pieces of {@link #STREAM_CHUNK}. For HEAD, only its length
	 * is counted.
	 */
	private static final class StreamedBody {

		private final HttpServletResponse response;

		private final CountingOutputStream counter;

		private final OutputStream out;

		private final JsonBytes json = new JsonBytes(16 * 1024);

		private final int wholeUpTo;

		private boolean firstRow = true;

		private boolean streamed;

		StreamedBody(HttpServletResponse response, boolean head, int wholeUpTo) throws IOException {
			this.response = response;
			this.wholeUpTo = wholeUpTo;
			response.setStatus(200);
			response.setContentType(DrfResponses.CONTENT_TYPE);
			this.counter = head ? new CountingOutputStream() : null;
			this.out = head ? this.counter : response.getOutputStream();
		}

		/** The bytes not yet written, for what comes before and after the rows. */
		JsonBytes json() {
			return this.json;
		}

		void row(AuthTokenRow row) {
			if (!this.firstRow) {
				this.json.append(',');
			}
			this.firstRow = false;
			DrfJson.appendRow(this.json, row);
			if (this.json.length() > (this.streamed ? STREAM_CHUNK : this.wholeUpTo)) {
				this.streamed = true;
				drain();
			}
		}

		void finish() throws IOException {
			if (this.counter == null && !this.streamed) {
				this.response.setContentLengthLong(this.json.length());
			}
			drain();
			if (this.counter != null) {
				this.response.setContentLengthLong(this.counter.count);
			}
			this.out.flush();
		}

		private void drain() {
			try {
				this.json.drainTo(this.out);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	private static final class CountingOutputStream extends OutputStream {

		private long count;

		@Override
		public void write(int b) {
			this.count++;
		}

		@Override
		public void write(byte[] b, int off, int len) {
			this.count += len;
		}

	}

}
