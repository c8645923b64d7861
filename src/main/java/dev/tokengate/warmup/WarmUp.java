package dev.tokengate.warmup;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.tokengate.token.AuthTokenService;
import dev.tokengate.token.StaffToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * For {@code tokengate.warm-up.duration} after start-up, the service sends itself requests of every kind of list, one
 * at a time over loopback HTTP with a staff user's token from the database, so that they pass through everything a
 * caller's request does: Tomcat, the token authentication, both APIs, each kind of SQL and the JSON writing.
 * <p>
 * A fresh JVM interprets that code at first and compiles what runs often, on compiler threads that share the cores with
 * the requests. Under load on two cores the compiler fell behind: REST's first page ran at 300 requests/s and needed
 * 170-200 s of load to reach its 3,100-3,800. One request at a time leaves it a core. Requests are served meanwhile,
 * only slower, and readiness (this health indicator is in its group) reports OUT_OF_SERVICE until the warm-up is over,
 * so that orchestrators and load balancers that follow it send traffic to a compiled service.
 */
@Component("warmUp")
public class WarmUp implements HealthIndicator {

	private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

	private static final Pattern END_CURSOR = Pattern.compile("\"endCursor\":\"([^\"]+)\"");

	/** A user name that is searched for as it is, in a query string and in JSON, and with trigrams to find it by. */
	private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_.@-]{4,150}");

	private static final String REST_FIRST_PAGE = "REST first page";

	private static final String GRAPHQL_FIRST_PAGE = "GraphQL first page";

	private static final String GRAPHQL_CONNECTION = "GraphQL connection";

	private static final String ROW_FIELDS = "id key userData { id username fullName } createdAt updatedAt";

	/** The connection's page after the first one's endCursor. */
	private static final String CONNECTION_AFTER = "query($after: String) { authTokenConnection(first: 20, after: $after) "
			+ "{ totalCount edges { cursor node { " + ROW_FIELDS + " } } pageInfo { hasNextPage } } }";

	private final AuthTokenService tokens;

	private final Duration duration;

	private final Environment environment;

	private final Map<String, Integer> answered = new ConcurrentHashMap<>();

	private volatile boolean warming;

	private volatile boolean closing;

	public WarmUp(AuthTokenService tokens, @Value("${tokengate.warm-up.duration:60s}") Duration duration,
			Environment environment) {
		this.tokens = tokens;
		this.duration = duration;
		this.environment = environment;
		this.warming = !duration.isNegative() && !duration.isZero();
	}

	@Override
	public Health health() {
		return this.warming ? Health.outOfService().build() : Health.up().build();
	}

	/** Whether the warm-up is still running (or has yet to start). */
	public boolean isWarming() {
		return this.warming;
	}

	/** How many requests of each kind the warm-up sent and saw answered as expected, by label. */
	public Map<String, Integer> answeredRequests() {
		return Map.copyOf(this.answered);
	}

	@EventListener
	void start(ApplicationReadyEvent event) {
		if (!this.warming) {
			return;
		}
		Optional<InetSocketAddress> address = address(event);
		if (address.isEmpty()) {
			this.warming = false;
			return;
		}
		String contextPath = this.environment.getProperty("server.servlet.context-path", "");
		Thread thread = new Thread(() -> run(address.get(), contextPath), "tokengate-warm-up");
		thread.setDaemon(true);
		thread.start();
	}

	@EventListener
	void stop(ContextClosedEvent event) {
		this.closing = true;
	}

	/** Where this service answers plain HTTP: on the loopback interface, or on the one address it listens on. */
	private Optional<InetSocketAddress> address(ApplicationReadyEvent event) {
		if (!(event.getApplicationContext() instanceof WebServerApplicationContext context)
				|| context.getWebServer() == null || context.getWebServer().getPort() <= 0) {
			return Optional.empty();
		}
		boolean tls = this.environment.getProperty("server.ssl.enabled", Boolean.class, true)
				&& Stream.of("server.ssl.bundle", "server.ssl.key-store", "server.ssl.certificate")
					.anyMatch(this.environment::containsProperty);
		if (tls) {
			log.info("Warm-up skipped: it sends plain HTTP, and the server speaks TLS");
			return Optional.empty();
		}
		try {
			String address = this.environment.getProperty("server.address");
			InetAddress host = (address == null || address.isBlank()) ? null : InetAddress.getByName(address);
			if (host == null || host.isAnyLocalAddress()) {
				host = InetAddress.getLoopbackAddress();
			}
			return Optional.of(new InetSocketAddress(host, context.getWebServer().getPort()));
		}
		catch (UnknownHostException ex) {
			log.info("Warm-up skipped: the server's address cannot be called ({})", ex.getClass().getSimpleName());
			return Optional.empty();
		}
	}

	private void run(InetSocketAddress address, String contextPath) {
		try {
			Optional<StaffToken> token = this.tokens.findStaffToken();
			if (token.isEmpty()) {
				log.info("Warm-up skipped: no active staff user or superuser has a token to send its requests with");
				return;
			}
			log.info("Warming up for {} s: readiness reports OUT_OF_SERVICE until then; requests are served meanwhile",
					this.duration.toSeconds());
			run(address, contextPath + "/graphql", contextPath, token.get());
		}
		catch (DataAccessException ex) {
			log.info("Warm-up skipped: the database did not answer ({})", ex.getClass().getSimpleName());
		}
		catch (RuntimeException ex) {
			// Nothing the warm-up does is worth a stack trace in the log; the service is unaffected.
			log.warn("Warm-up stopped: {}", ex.getClass().getSimpleName());
		}
		finally {
			this.warming = false;
		}
	}

	private void run(InetSocketAddress address, String graphQlTarget, String contextPath, StaffToken token) {
		Map<String, Call> calls = calls(contextPath, graphQlTarget, token);
		// The first pages, the commonest requests, after each of the others: their path is most of every request's.
		List<String> round = new ArrayList<>();
		for (String label : calls.keySet()) {
			round.add(label);
			if (!label.equals(REST_FIRST_PAGE) && !label.equals(GRAPHQL_FIRST_PAGE)) {
				round.addAll(List.of(REST_FIRST_PAGE, GRAPHQL_FIRST_PAGE));
			}
		}
		long started = System.nanoTime();
		long deadline = started + this.duration.toNanos();
		int sent = 0;
		try (LoopbackHttp http = new LoopbackHttp(address, "Token " + token.key())) {
			while (!this.closing && System.nanoTime() < deadline) {
				for (String label : round) {
					if (this.closing || System.nanoTime() >= deadline) {
						break;
					}
					String body = send(http, label, calls.get(label));
					sent++;
					Matcher cursor = label.equals(GRAPHQL_CONNECTION) ? END_CURSOR.matcher(body) : null;
					if (cursor != null && cursor.find()) {
						send(http, GRAPHQL_CONNECTION + " after",
								graphQl(graphQlTarget, CONNECTION_AFTER, "{\"after\":\"" + cursor.group(1) + "\"}"));
						sent++;
					}
				}
			}
			if (this.closing) {
				log.info("Warm-up stopped after {} requests: the service is stopping", sent);
			}
			else {
				log.info("Warm-up done: {} requests in {} s", sent,
						Duration.ofNanos(System.nanoTime() - started).toSeconds());
			}
		}
		catch (WarmUpFailure ex) {
			// A request cut by the service's own stop failed because of it.
			log.info("Warm-up stopped after {} requests: {}", sent,
					this.closing ? "the service is stopping" : ex.getMessage());
		}
	}

	/**
	 * Each kind of request, by label: the REST list's kinds, then their GraphQL mirrors and a connection. Each is
	 * cheap on a big table: an id range of 101 rows from the staff token's own id, dates that the per-day counts count,
	 * an offset that the partition counts find, and a search for the staff user's name (when it is plain enough to be
	 * sent as it is and long enough for the trigram indexes).
	 */
	private static Map<String, Call> calls(String contextPath, String graphQlTarget, StaffToken token) {
		long idMax = token.id() + 100;
		String list = contextPath + "/api/users/auth_tokens?";
		String page = "totalCount results { " + ROW_FIELDS + " }";
		Map<String, Call> calls = new LinkedHashMap<>();
		calls.put(REST_FIRST_PAGE, get(list + "limit=20"));
		calls.put("REST dates", get(list + "created_from=2000-01-01&ordering=-created_at&limit=50"));
		calls.put("REST offset", get(list + "limit=20&offset=20000"));
		calls.put("REST id range", get(list + "id_min=" + token.id() + "&id_max=" + idMax + "&ordering=-id"));
		boolean searchable = PLAIN_NAME.matcher(token.username()).matches();
		if (searchable) {
			calls.put("REST search", get(list + "search=" + token.username() + "&limit=20"));
		}
		calls.put(GRAPHQL_FIRST_PAGE, graphQl(graphQlTarget, "{ authTokens(limit: 20) { " + page + " } }", "{}"));
		calls.put("GraphQL id range",
				graphQl(graphQlTarget, "{ authTokens(filter: { idMin: " + token.id() + ", idMax: " + idMax + " }, "
						+ "ordering: [{ field: ID, direction: DESC }], limit: 1000) { " + page + " } }", "{}"));
		if (searchable) {
			calls.put("GraphQL search", graphQl(graphQlTarget, "query($search: String) { authTokens(search: $search, "
					+ "limit: 20) { " + page + " } }", "{\"search\":\"" + token.username() + "\"}"));
		}
		calls.put(GRAPHQL_CONNECTION, graphQl(graphQlTarget, "{ authTokenConnection(first: 20) { totalCount "
				+ "edges { cursor node { " + ROW_FIELDS + " } } pageInfo { hasNextPage endCursor } } }", "{}"));
		return calls;
	}

	/** A request: its target, and the JSON it posts (none for a GET). */
	private record Call(String target, byte[] json) {
	}

	private static Call get(String target) {
		return new Call(target, null);
	}

	private static Call graphQl(String target, String document, String variables) {
		String body = "{\"query\":\"" + document.replace("\"", "\\\"") + "\",\"variables\":" + variables + "}";
		return new Call(target, body.getBytes(StandardCharsets.UTF_8));
	}

	/** Sends one request; anything but a 200 without GraphQL errors ends the warm-up. */
	private String send(LoopbackHttp http, String label, Call call) throws WarmUpFailure {
		LoopbackHttp.Response response;
		try {
			response = http.exchange(call.target(), call.json());
		}
		catch (IOException | RuntimeException ex) {
			throw new WarmUpFailure(label + " was not answered (" + ex.getClass().getSimpleName() + ")");
		}
		// A GraphQL error list: its quotes cannot be in a value, where JSON escapes them.
		if (response.status() != 200 || response.body().contains("\"errors\":[")) {
			throw new WarmUpFailure(label + " was answered with status " + response.status()
					+ (response.status() == 200 ? " and errors" : ""));
		}
		this.answered.merge(label, 1, Integer::sum);
		return response.body();
	}

	private static final class WarmUpFailure extends Exception {

		WarmUpFailure(String message) {
			super(message, null, false, false);
		}

	}

}
