package dev.tokengate.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client over a socket, so tests control every byte of the request (raw query strings, any method,
 * any header, the Host) and see every byte of the response.
 */
public final class RawHttp {

	private final int port;

	public RawHttp(int port) {
		this.port = port;
	}

	/** Sends {@code method target} with the given header lines ("Name: value") and an optional body. */
	public Response send(String method, String target, List<String> headers, byte[] body) {
		StringBuilder head = new StringBuilder();
		head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
		boolean hostGiven = headers.stream().anyMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("host:"));
		if (!hostGiven) {
			head.append("Host: 127.0.0.1:").append(this.port).append("\r\n");
		}
		for (String header : headers) {
			head.append(header).append("\r\n");
		}
		if (body != null) {
			head.append("Content-Length: ").append(body.length).append("\r\n");
		}
		head.append("Connection: close\r\n\r\n");
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		request.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
		if (body != null) {
			request.writeBytes(body);
		}
		Response response = sendRaw(request.toByteArray(), method.equals("HEAD"));
		if (response == null) {
			throw new UncheckedIOException(new EOFException("The server closed the connection without an answer"));
		}
		return response;
	}

	/**
	 * Sends the bytes as they are (a whole request, or not one) and reads the answer: null when the server closes the
	 * connection without one, status 0 and the bytes as the body when the answer has no status line (HTTP/0.9).
	 */
	public Response sendRaw(byte[] request, boolean head) {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(60_000);
			socket.getOutputStream().write(request);
			socket.getOutputStream().flush();
			InputStream in = new BufferedInputStream(socket.getInputStream());
			in.mark(5);
			byte[] start = in.readNBytes(5);
			in.reset();
			if (start.length == 0) {
				return null;
			}
			if (!new String(start, StandardCharsets.ISO_8859_1).equals("HTTP/")) {
				return new Response(0, Map.of(), in.readAllBytes());
			}
			return Response.read(in, head);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public Response get(String target, String... headers) {
		return send("GET", target, List.of(headers), null);
	}

	/** A response: status, headers (names lower-cased), body. */
	public record Response(int status, Map<String, List<String>> headers, byte[] body) {

		public String header(String name) {
			List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
			return values == null ? null : String.join(", ", values);
		}

		public String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		static Response read(InputStream in, boolean head) throws IOException {
			String statusLine = line(in);
			int status = Integer.parseInt(statusLine.split(" ")[1]);
			Map<String, List<String>> headers = new LinkedHashMap<>();
			String line;
			while (!(line = line(in)).isEmpty()) {
				int colon = line.indexOf(':');
				headers.computeIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
					.add(line.substring(colon + 1).strip());
			}
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			if (!head) {
				List<String> encoding = headers.get("transfer-encoding");
				if (encoding != null && encoding.contains("chunked")) {
					int size;
					while ((size = Integer.parseInt(line(in).split(";")[0].strip(), 16)) > 0) {
						body.write(in.readNBytes(size));
						line(in);
					}
				}
				else {
					in.transferTo(body);
				}
			}
			return new Response(status, headers, body.toByteArray());
		}

		private static String line(InputStream in) throws IOException {
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			int b;
			while ((b = in.read()) != -1 && b != '\n') {
				if (b != '\r') {
					line.write(b);
				}
			}
			return line.toString(StandardCharsets.ISO_8859_1);
		}

	}

}
