package dev.tokengate.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tokengate.support.HeadlessChromium;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.fail;

/**
 * The GraphiQL console in a real browser, as a person uses it: what the editors show, typing a header, clicking the
 * run button, reading the result pane. Records every request the page makes and everything it reports as an error
 * (uncaught exceptions, console errors, Content-Security-Policy violations).
 */
public final class GraphiQlPage implements AutoCloseable {

	private static final long WAIT_MILLIS = 20_000;

	private final HeadlessChromium browser = HeadlessChromium.launch();

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private final List<String> errors = new CopyOnWriteArrayList<>();

	/** Opens the console at {@code url} and waits until GraphiQL has loaded the schema. */
	public static GraphiQlPage open(String url) {
		GraphiQlPage page = new GraphiQlPage();
		try {
			page.load(url);
			return page;
		}
		catch (RuntimeException | AssertionError ex) {
			page.close();
			throw ex;
		}
	}

	private void load(String url) {
		this.browser.on("Network.requestWillBeSent", event -> this.requests.add(event.path("request").path("url").asString()));
		this.browser.on("Runtime.exceptionThrown", event -> this.errors.add(event.path("exceptionDetails").toString()));
		this.browser.on("Runtime.consoleAPICalled", event -> {
			if (event.path("type").asString().equals("error")) {
				this.errors.add("console.error " + event.path("args"));
			}
		});
		this.browser.on("Log.entryAdded", event -> {
			if (event.path("entry").path("level").asString().equals("error")) {
				this.errors.add(event.path("entry").path("source").asString() + ": "
						+ event.path("entry").path("text").asString());
			}
		});
		for (String domain : List.of("Network", "Runtime", "Log", "Page")) {
			this.browser.send(domain + ".enable", Map.of());
		}
		this.browser.send("Page.navigate", Map.of("url", url));
		// The documentation explorer's button is enabled once the schema has arrived.
		waitUntil("GraphiQL shows the editors and has loaded the schema",
				"document.querySelector('.graphiql-execute-button') != null"
						+ " && document.querySelector('.graphiql-sidebar button[aria-label*=\"Documentation\"]:not([disabled])') != null");
	}

	/** What the Headers editor holds, or fails when it is not the open tab of the editor tools. */
	public String headers() {
		return editorText("headers editor", headersEditor());
	}

	public String query() {
		return editorText("query editor", ".graphiql-query-editor .CodeMirror");
	}

	/** Replaces the Headers editor's content, as if typed. */
	public void setHeaders(String text) {
		evaluate("document.querySelector(" + js(headersEditor()) + ").CodeMirror.setValue(" + js(text) + ")");
	}

	/** Clicks the run button with the mouse, and waits for the result pane to show a response. */
	public String run() {
		JsonNode box = evaluate("(() => { const r = document.querySelector('.graphiql-execute-button')"
				+ ".getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()");
		for (String type : List.of("mousePressed", "mouseReleased")) {
			this.browser.send("Input.dispatchMouseEvent", Map.of("type", type, "x", box.get("x").asDouble(), "y",
					box.get("y").asDouble(), "button", "left", "clickCount", 1));
		}
		String result = "document.querySelector('.result-window .CodeMirror').CodeMirror.getValue()";
		waitUntil("the result pane shows a response", result + ".includes('\"data\"') || " + result + ".includes('\"errors\"')");
		return evaluate(result).asString();
	}

	/** Every URL the page requested, in order. */
	public List<String> requests() {
		return List.copyOf(this.requests);
	}

	/** Exceptions, console errors and policy violations the page reported. */
	public List<String> errors() {
		return List.copyOf(this.errors);
	}

	/** Saves what the page shows as a PNG. */
	public void screenshot(Path png) {
		String data = this.browser.send("Page.captureScreenshot", Map.of("format", "png")).path("data").asString();
		try {
			Files.createDirectories(png.toAbsolutePath().getParent());
			Files.write(png, Base64.getDecoder().decode(data));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.browser.close();
	}

	private static String headersEditor() {
		return "section.graphiql-editor-tool[aria-label=\"Headers\"] .graphiql-editor:not(.hidden) .CodeMirror";
	}

	private String editorText(String name, String selector) {
		waitUntil("the " + name + " is shown", "document.querySelector(" + js(selector) + ") != null");
		return evaluate("document.querySelector(" + js(selector) + ").CodeMirror.getValue()").asString();
	}

	private JsonNode evaluate(String expression) {
		JsonNode result = this.browser.send("Runtime.evaluate",
				Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
		if (result.has("exceptionDetails")) {
			throw new IllegalStateException(expression + " threw " + result.get("exceptionDetails"));
		}
		return result.path("result").path("value");
	}

	private void waitUntil(String what, String condition) {
		long deadline = System.currentTimeMillis() + WAIT_MILLIS;
		while (System.currentTimeMillis() < deadline) {
			if (evaluate("(() => { try { return !!(" + condition + "); } catch (e) { return false; } })()").asBoolean()) {
				return;
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		fail("Waited in vain until " + what + ". Requests: " + this.requests + ". Errors: " + this.errors);
	}

	/** A JavaScript string literal. */
	private static String js(String text) {
		return dev.tokengate.support.IntegrationTest.jsonString(text);
	}

}
