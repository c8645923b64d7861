package dev.tokengate.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.FileSystemUtils;

/**
 * A real headless Chromium (Debian's {@code chromium} package) driven over the Chrome DevTools Protocol: a fresh
 * profile, no network of its own (no updates, sync or background requests), one page. Close it to end the browser,
 * its child processes and its profile; a shutdown hook does the same if a test run is cut short.
 */
public final class HeadlessChromium implements AutoCloseable {

	public static final Path EXECUTABLE = Path.of("/usr/bin/chromium");

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Process process;

	private final Path profile;

	private final Thread killOnExit;

	private final WebSocket socket;

	private final AtomicInteger ids = new AtomicInteger();

	private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

	private final List<Map.Entry<String, Consumer<JsonNode>>> listeners = new CopyOnWriteArrayList<>();

	private HeadlessChromium(Process process, Path profile) {
		this.process = process;
		this.profile = profile;
		this.killOnExit = new Thread(this::kill, "chromium-kill");
		Runtime.getRuntime().addShutdownHook(this.killOnExit);
		try {
			this.socket = HttpClient.newHttpClient()
				.newWebSocketBuilder()
				.connectTimeout(TIMEOUT)
				.buildAsync(pageTarget(devToolsPort()), new Listener())
				.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (InterruptedException | ExecutionException | TimeoutException | RuntimeException ex) {
			close();
			throw new IllegalStateException("Could not connect to Chromium's DevTools", ex);
		}
	}

	/** Starts the browser; fails (never skips) when Chromium is not installed. */
	public static HeadlessChromium launch() {
		if (!Files.isExecutable(EXECUTABLE)) {
			throw new AssertionError(EXECUTABLE + " is missing; the console test needs a real browser: "
					+ "install chromium: apt-get install chromium");
		}
		try {
			Path profile = Files.createTempDirectory("tokengate-chromium");
			Process process = new ProcessBuilder(EXECUTABLE.toString(), "--headless", "--no-sandbox", "--disable-gpu",
					"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
					"--disable-sync", "--disable-default-apps", "--disable-extensions", "--window-size=1400,900",
					"--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank")
				.redirectErrorStream(true)
				.redirectOutput(profile.resolve("chromium.log").toFile())
				.start();
			return new HeadlessChromium(process, profile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Sends a DevTools command to the page and waits for its result. */
	public JsonNode send(String method, Map<String, Object> params) {
		int id = this.ids.incrementAndGet();
		CompletableFuture<JsonNode> reply = new CompletableFuture<>();
		this.pending.put(id, reply);
		String message = json.writeValueAsString(Map.of("id", id, "method", method, "params", params));
		synchronized (this.socket) {
			this.socket.sendText(message, true).join();
		}
		try {
			JsonNode response = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			if (response.has("error")) {
				throw new IllegalStateException(method + " failed: " + response.get("error"));
			}
			return response.path("result");
		}
		catch (InterruptedException | ExecutionException | TimeoutException ex) {
			throw new IllegalStateException(method + " got no answer from Chromium", ex);
		}
		finally {
			this.pending.remove(id);
		}
	}

	/** Calls {@code listener} with the params of every later event named {@code method}. */
	public void on(String method, Consumer<JsonNode> listener) {
		this.listeners.add(Map.entry(method, listener));
	}

	@Override
	public void close() {
		kill();
		try {
			Runtime.getRuntime().removeShutdownHook(this.killOnExit);
		}
		catch (IllegalStateException ex) {
			// the JVM is already shutting down, and the hook runs kill() once more
		}
	}

	private void kill() {
		if (this.socket != null) {
			this.socket.abort();
		}
		this.process.descendants().forEach(ProcessHandle::destroyForcibly);
		this.process.destroyForcibly();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try {
			FileSystemUtils.deleteRecursively(this.profile);
		}
		catch (IOException ex) {
			// a temporary directory; the operating system cleans it up
		}
	}

	/** Chromium writes the port it picked into the profile once DevTools listens. */
	private int devToolsPort() throws InterruptedException {
		Path portFile = this.profile.resolve("DevToolsActivePort");
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Chromium exited with " + this.process.exitValue() + ": " + log());
			}
			try {
				List<String> lines = Files.readAllLines(portFile);
				if (lines.size() >= 2) {
					return Integer.parseInt(lines.get(0).strip());
				}
			}
			catch (IOException | NumberFormatException ex) {
				// not written yet, or half written
			}
			Thread.sleep(50);
		}
		throw new IllegalStateException("Chromium wrote no DevToolsActivePort: " + log());
	}

	private static URI pageTarget(int port) throws InterruptedException {
		try {
			HttpResponse<String> targets = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).timeout(TIMEOUT).build(),
						HttpResponse.BodyHandlers.ofString());
			for (JsonNode target : json.readTree(targets.body())) {
				if (target.path("type").asString().equals("page")) {
					return URI.create(target.path("webSocketDebuggerUrl").asString());
				}
			}
			throw new IllegalStateException("Chromium has no page: " + targets.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String log() {
		try {
			return Files.readString(this.profile.resolve("chromium.log"));
		}
		catch (IOException ex) {
			return "(no log)";
		}
	}

	/** Joins a message's frames, then completes the command it answers or hands the event to its listeners. */
	private final class Listener implements WebSocket.Listener {

		private final StringBuilder message = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.message.append(data);
			if (last) {
				JsonNode received = json.readTree(this.message.toString());
				this.message.setLength(0);
				if (received.has("id")) {
					CompletableFuture<JsonNode> reply = pending.get(received.get("id").asInt());
					if (reply != null) {
						reply.complete(received);
					}
				}
				else {
					String method = received.path("method").asString();
					listeners.stream()
						.filter(listener -> listener.getKey().equals(method))
						.forEach(listener -> listener.getValue().accept(received.path("params")));
				}
			}
			webSocket.request(1);
			return null;
		}

	}

}
