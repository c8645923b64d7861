package dev.tokengate.warmup;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The few lines of HTTP/1.1 the warm-up needs, over one kept-alive connection to this service: a request with a token
 * header, and its status and body (sized or chunked). The JDK's {@code HttpClient} is itself code for the JIT to
 * compile beside the service's: with it, a 30 s warm-up sent 4,239 requests on the benchmark's database; with this,
 * 8,243. (And {@code HttpURLConnection} logs request headers, the token's among them, at JUL's FINE.)
 */
final class LoopbackHttp implements Closeable {

	private static final int TIMEOUT_MILLIS = 30_000;

	private final InetSocketAddress server;

	private final String authorization;

	/** The Host header's value. */
	private final String host;

	private Socket socket;

	private InputStream in;

	private OutputStream out;

	LoopbackHttp(InetSocketAddress server, String authorization) {
		this.server = server;
		this.authorization = authorization;
		String name = server.getHostString();
		// An IPv6 literal is bracketed in a Host header.
		this.host = (name.indexOf(':') >= 0 ? "[" + name + "]" : name) + ":" + server.getPort();
	}

	record Response(int status, String body) {
	}

	/** Sends a GET (no body) or a POST of JSON; a connection the server closed meanwhile is opened again, once. */
	Response exchange(String target, byte[] json) throws IOException {
		boolean reused = this.socket != null;
		try {
			return exchangeOnce(target, json);
		}
		catch (EOFException ex) {
			close();
			if (!reused) {
				throw ex;
			}
			return exchangeOnce(target, json);
		}
	}

	private Response exchangeOnce(String target, byte[] json) throws IOException {
		if (this.socket == null) {
			this.socket = new Socket();
			this.socket.connect(this.server, TIMEOUT_MILLIS);
			this.socket.setSoTimeout(TIMEOUT_MILLIS);
			this.socket.setTcpNoDelay(true);
			this.in = new BufferedInputStream(this.socket.getInputStream());
			this.out = this.socket.getOutputStream();
		}
		StringBuilder head = new StringBuilder(json == null ? "GET " : "POST ").append(target)
			.append(" HTTP/1.1\r\nHost: ").append(this.host)
			.append("\r\nAuthorization: ").append(this.authorization).append("\r\n");
		if (json != null) {
			head.append("Content-Type: application/json\r\nContent-Length: ").append(json.length).append("\r\n");
		}
		this.out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
		if (json != null) {
			this.out.write(json);
		}
		this.out.flush();
		return read();
	}

	private Response read() throws IOException {
		String statusLine = line();
		int status = Integer.parseInt(statusLine.substring(9, 12));
		long length = -1;
		boolean chunked = false;
		boolean closeAfter = false;
		for (String header = line(); !header.isEmpty(); header = line()) {
			String lower = header.toLowerCase(Locale.ROOT);
			if (lower.startsWith("content-length:")) {
				length = Long.parseLong(lower.substring(15).trim());
			}
			else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
				chunked = true;
			}
			else if (lower.startsWith("connection:") && lower.contains("close")) {
				closeAfter = true;
			}
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		if (chunked) {
			for (long size = chunkSize(); size > 0; size = chunkSize()) {
				copy(size, body);
				line();
			}
			while (!line().isEmpty()) {
				// trailers
			}
		}
		else if (length >= 0) {
			copy(length, body);
		}
		else {
			this.in.transferTo(body);
			closeAfter = true;
		}
		if (closeAfter) {
			close();
		}
		return new Response(status, body.toString(StandardCharsets.UTF_8));
	}

	/** A chunk's size line, without its extensions. */
	private long chunkSize() throws IOException {
		return Long.parseLong(line().split(";")[0].trim(), 16);
	}

	private void copy(long length, ByteArrayOutputStream body) throws IOException {
		byte[] buffer = new byte[8192];
		for (long left = length; left > 0;) {
			int n = this.in.read(buffer, 0, (int) Math.min(buffer.length, left));
			if (n < 0) {
				throw new EOFException("the response ended early");
			}
			body.write(buffer, 0, n);
			left -= n;
		}
	}

	/** A line of the head, without its CRLF; EOF before any byte means the server closed the connection. */
	private String line() throws IOException {
		StringBuilder line = new StringBuilder();
		for (int b = this.in.read(); b != '\n'; b = this.in.read()) {
			if (b < 0) {
				throw new EOFException("the connection was closed");
			}
			if (b != '\r') {
				line.append((char) b);
			}
		}
		return line.toString();
	}

	@Override
	public void close() {
		if (this.socket != null) {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// Nothing was left to read or write.
			}
			this.socket = null;
		}
	}

}
