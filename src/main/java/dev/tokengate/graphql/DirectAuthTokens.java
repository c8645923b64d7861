package dev.tokengate.graphql;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.tokengate.graphql.AuthTokenGraph.AuthToken;
import dev.tokengate.security.TokenAuthenticationFilter;
import dev.tokengate.token.AuthTokenTimestamps;
import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.execution.RawVariables;
import graphql.execution.ValuesResolver;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.parser.Parser;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLSchema;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Plain {@code authTokens} documents answered without graphql-java's execution: the arguments are coerced by
 * graphql-java's own resolver, the page comes from the controller's own method, and the answer is written with the
 * JSON mapper Spring GraphQL writes with, in the order of the selection. graphql-java's execution was 41% of the
 * service's CPU on GraphQL S5 (async-profiler), spread over its machinery for each field; answered directly, bench/run
 * measured GraphQL S1 at 1997 requests/s instead of 1038, and S5 at 964 instead of 564 (see the README).
 * <p>
 * Only what cannot answer differently takes this path:
 * <ul>
 * <li>a document graphql-java has already answered without any error, for the same operation name: so it parses, is
 * valid, and is within the depth, cost and size limits (none of which depend on variables without directives);</li>
 * <li>with one query operation and one field, {@code authTokens}, selecting only the fields of the page, its tokens
 * and their users, without arguments, directives ({@code @} anywhere in the text), fragments, {@code __typename} or
 * two fields under one response key;</li>
 * <li>from a staff caller (the controller's own rule, which its method checks again), with no {@code Accept} header
 * or exactly one of the three that Spring GraphQL answers with JSON;</li>
 * <li>whose variables graphql-java coerces without an error.</li>
 * </ul>
 * Anything else goes to graphql-java as before. So does a request whose page fails (a timeout, the database away):
 * the failure is handed over ({@link #FAILURE}) and the controller throws it there, so that it is reported exactly as
 * before without the database being asked twice. The metrics of a direct answer are graphql-java's: one
 * {@code graphql.request} and one {@code graphql.datafetcher} (field {@code authTokens}), with the same tags, and
 * {@code http.server.requests} with the route {@code /graphql}.
 */
@Component
public class DirectAuthTokens implements WebGraphQlInterceptor {

	/** The request attribute, then GraphQL context key, of a failure of the direct path for graphql-java to report. */
	static final String FAILURE = DirectAuthTokens.class.getName() + ".failure";

	private static final String GRAPHQL_RESPONSE = "application/graphql-response+json";

	private static final String JSON = "application/json";

	/** A document known not to be plain: it is not parsed again. */
	private static final Plan NOT_PLAIN = new Plan(null, null, List.of());

	private final AuthTokenGraphQlController controller;

	private final ObjectProvider<GraphQlSource> graphQlSource;

	private final JsonMapper json;

	private final ObjectProvider<MeterRegistry> meters;

	private final Map<String, Plan> plans = new ConcurrentHashMap<>();

	private final LongAdder served = new LongAdder();

	private final String path;

	private volatile Timers timers;

	/** The schema, looked up at the first request. */
	private volatile GraphQLSchema schema;

	public DirectAuthTokens(AuthTokenGraphQlController controller, ObjectProvider<GraphQlSource> graphQlSource,
			JsonMapper json, ObjectProvider<MeterRegistry> meters,
			@Value("${spring.graphql.http.path:/graphql}") String path) {
		this.controller = controller;
		this.graphQlSource = graphQlSource;
		this.json = json;
		this.meters = meters;
		this.path = path;
	}

	/**
	 * Admits a document once graphql-java has answered it without an error; hands a failure of the direct path over to
	 * graphql-java's execution.
	 */
	@Override
	public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
		Object failure = request.getAttributes().get(FAILURE);
		if (failure != null) {
			request.configureExecutionInput(
					(input, builder) -> builder.graphQLContext(context -> context.put(FAILURE, failure)).build());
		}
		return chain.next(request).doOnNext(response -> {
			if (response.isValid() && response.getErrors().isEmpty() && response.getExecutionResult().isDataPresent()) {
				admit(request.getDocument(), request.getOperationName());
			}
		});
	}

	/**
	 * Answers the request, a GraphQL request body already checked by {@link GraphQlRequestBodyFilter}, if it is one
	 * this path answers; false when graphql-java must, and nothing has been written then.
	 */
	boolean serve(HttpServletRequest request, HttpServletResponse response, JsonNode body) throws IOException {
		JsonNode name = body.get("operationName");
		String key = ParsedDocumentCache.requestKey(body.path("query").asString(),
				name == null || name.isNull() ? null : name.asString());
		Plan plan = key == null ? null : this.plans.get(key);
		if (plan == null || plan == NOT_PLAIN || !isStaff()) {
			return false;
		}
		String contentType = contentType(request);
		if (contentType == null) {
			return false;
		}
		long start = System.nanoTime();
		Map<String, Object> arguments;
		try {
			arguments = arguments(plan, body.get("variables"));
		}
		catch (RuntimeException ex) {
			// A variable graphql-java refuses: it says why.
			return false;
		}
		AuthTokenGraph.AuthTokenPage page;
		try {
			page = this.controller.authTokens((String) arguments.get("search"), (Integer) arguments.get("limit"),
					(Integer) arguments.get("offset"), GraphQlInputs.filter(arguments), GraphQlInputs.ordering(arguments),
					plan.selects("results"), plan.selects("totalCount"));
		}
		catch (RuntimeException ex) {
			request.setAttribute(FAILURE, ex);
			return false;
		}
		long fetched = System.nanoTime();
		byte[] answer;
		try {
			answer = write(plan, page);
		}
		catch (RuntimeException ex) {
			// A value graphql-java would report (none is null in a page the controller builds).
			return false;
		}
		// As Spring GraphQL writes it: Tomcat gives a length to an answer that fits its buffer, chunks a longer one.
		response.setStatus(200);
		response.setContentType(contentType);
		response.getOutputStream().write(answer);
		this.served.increment();
		// The route Spring MVC would have tagged http.server.requests with: the request never reaches it.
		ServerHttpObservationFilter.findObservationContext(request)
			.ifPresent(observation -> observation.setPathPattern(this.path));
		Timers recorded = timers();
		if (recorded != null) {
			recorded.fetch().record(fetched - start, TimeUnit.NANOSECONDS);
			recorded.request().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		}
		return true;
	}

	/** The response's content type as Spring GraphQL chooses it, or null for an Accept header left to it. */
	private static String contentType(HttpServletRequest request) {
		List<String> accept = Collections.list(request.getHeaders("Accept"));
		if (accept.isEmpty()) {
			return JSON;
		}
		if (accept.size() > 1) {
			return null;
		}
		return switch (accept.get(0).strip()) {
			case "*/*", JSON -> JSON;
			case GRAPHQL_RESPONSE -> GRAPHQL_RESPONSE;
			default -> null;
		};
	}

	/** The controller's rule, {@code hasAuthority('ROLE_STAFF')}; its method checks it again. */
	private static boolean isStaff() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()) {
			return false;
		}
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			if (TokenAuthenticationFilter.STAFF_AUTHORITY.equals(authority.getAuthority())) {
				return true;
			}
		}
		return false;
	}

	/** The field's arguments, coerced by graphql-java as its execution coerces them. */
	@SuppressWarnings("unchecked")
	private Map<String, Object> arguments(Plan plan, JsonNode variables) {
		GraphQLSchema schema = this.schema;
		if (schema == null) {
			schema = this.graphQlSource.getObject().schema();
			this.schema = schema;
		}
		GraphQLContext context = GraphQLContext.getDefault();
		CoercedVariables coerced = CoercedVariables.emptyVariables();
		if (!plan.operation().getVariableDefinitions().isEmpty()) {
			Map<String, Object> raw = variables == null || variables.isNull() || variables.isMissingNode() ? Map.of()
					: this.json.treeToValue(variables, Map.class);
			coerced = ValuesResolver.coerceVariableValues(schema, plan.operation().getVariableDefinitions(),
					RawVariables.of(raw), context, Locale.getDefault());
		}
		GraphQLFieldDefinition field = schema.getQueryType().getFieldDefinition("authTokens");
		return ValuesResolver.getArgumentValues(schema.getCodeRegistry(), field.getArguments(),
				plan.field().getArguments(), coerced, context, Locale.getDefault());
	}

	/** {@code {"data":{"authTokens":{...}}}}, the fields in the order of the selection, as graphql-java writes it. */
	private byte[] write(Plan plan, AuthTokenGraph.AuthTokenPage page) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(256 + page.results().size() * 300);
		try (JsonGenerator generator = this.json.createGenerator(out)) {
			generator.writeStartObject();
			generator.writeName("data");
			generator.writeStartObject();
			generator.writeName(plan.responseKey());
			generator.writeStartObject();
			for (Selected selected : plan.selection()) {
				generator.writeName(selected.key());
				switch (selected.field()) {
					case "totalCount" -> generator.writeNumber(page.totalCount().intValue());
					case "limit" -> generator.writeNumber(page.limit());
					case "offset" -> generator.writeNumber(page.offset());
					default -> {
						generator.writeStartArray();
						for (AuthToken token : page.results()) {
							writeToken(generator, selected.children(), token);
						}
						generator.writeEndArray();
					}
				}
			}
			generator.writeEndObject();
			generator.writeEndObject();
			generator.writeEndObject();
		}
		return out.toByteArray();
	}

	private static void writeToken(JsonGenerator generator, List<Selected> selection, AuthToken token) {
		generator.writeStartObject();
		for (Selected selected : selection) {
			generator.writeName(selected.key());
			switch (selected.field()) {
				case "id" -> generator.writeString(token.id());
				case "key" -> generator.writeString(token.key());
				case "createdAt" -> generator.writeString(AuthTokenTimestamps.format(token.createdAt()));
				case "updatedAt" -> generator.writeString(AuthTokenTimestamps.format(token.updatedAt()));
				default -> {
					generator.writeStartObject();
					for (Selected user : selected.children()) {
						generator.writeName(user.key());
						generator.writeString(switch (user.field()) {
							case "id" -> token.userData().id();
							case "username" -> token.userData().username();
							default -> token.userData().fullName();
						});
					}
					generator.writeEndObject();
				}
			}
		}
		generator.writeEndObject();
	}

	private void admit(String document, String operationName) {
		String key = ParsedDocumentCache.requestKey(document, operationName);
		if (key == null || this.plans.containsKey(key)) {
			return;
		}
		Plan plan = Plan.of(document);
		if (this.plans.size() >= ParsedDocumentCache.MAX_DOCUMENTS) {
			this.plans.clear();
		}
		this.plans.put(key, plan == null ? NOT_PLAIN : plan);
	}

	/** How many requests this path has answered (for the tests). */
	long served() {
		return this.served.sum();
	}

	private Timers timers() {
		Timers recorded = this.timers;
		if (recorded == null) {
			MeterRegistry registry = this.meters.getIfAvailable();
			if (registry == null) {
				return null;
			}
			// The meters Spring GraphQL's observations record a successful query and its authTokens field in.
			recorded = new Timers(
					Timer.builder("graphql.request")
						.tags("error", "none", "graphql.operation.type", "query", "graphql.outcome", "SUCCESS")
						.register(registry),
					Timer.builder("graphql.datafetcher")
						.tags("error", "none", "graphql.error.type", "NONE", "graphql.field.name", "authTokens",
								"graphql.outcome", "SUCCESS")
						.register(registry));
			this.timers = recorded;
		}
		return recorded;
	}

	private record Timers(Timer request, Timer fetch) {
	}

	/** A selected field: its response key (the alias, or the name), its name, and what is selected under it. */
	record Selected(String key, String field, List<Selected> children) {
	}

	/**
	 * What a plain document asks: the operation (for its variables), the {@code authTokens} field (for its arguments)
	 * and the fields selected under it.
	 */
	record Plan(OperationDefinition operation, Field field, List<Selected> selection) {

		/** The fields of each type on this path, with the type of an object field ("" for a scalar). */
		private static final Map<String, Map<String, String>> FIELDS = Map.of(
				"AuthTokenPage", Map.of("totalCount", "", "limit", "", "offset", "", "results", "AuthToken"),
				"AuthToken", Map.of("id", "", "key", "", "createdAt", "", "updatedAt", "", "userData", "UserData"),
				"UserData", Map.of("id", "", "username", "", "fullName", ""));

		String responseKey() {
			return this.field.getResultKey();
		}

		boolean selects(String name) {
			return this.selection.stream().anyMatch(selected -> selected.field().equals(name));
		}

		/** The plan of a document graphql-java has validated, or null if it is not plain. */
		static Plan of(String text) {
			Document document;
			try {
				document = Parser.parse(text);
			}
			catch (RuntimeException ex) {
				return null;
			}
			if (document.getDefinitions().size() != 1
					|| !(document.getDefinitions().get(0) instanceof OperationDefinition operation)
					|| operation.getOperation() != OperationDefinition.Operation.QUERY) {
				return null;
			}
			List<Selection> roots = operation.getSelectionSet().getSelections();
			if (roots.size() != 1 || !(roots.get(0) instanceof Field field) || !field.getName().equals("authTokens")
					|| !field.getDirectives().isEmpty()) {
				return null;
			}
			List<Selected> selection = selection(field.getSelectionSet(), "AuthTokenPage");
			return selection == null ? null : new Plan(operation, field, selection);
		}

		/** The fields selected on a type, or null if one is not a plain field of it. */
		private static List<Selected> selection(SelectionSet set, String type) {
			if (set == null) {
				return null;
			}
			Map<String, String> fields = FIELDS.get(type);
			List<Selected> selected = new ArrayList<>();
			Set<String> keys = new HashSet<>();
			for (Selection<?> selection : set.getSelections()) {
				if (!(selection instanceof Field field) || !fields.containsKey(field.getName())
						|| !field.getArguments().isEmpty() || !field.getDirectives().isEmpty()
						|| !keys.add(field.getResultKey())) {
					return null;
				}
				String objectType = fields.get(field.getName());
				List<Selected> children = List.of();
				if (!objectType.isEmpty()) {
					children = selection(field.getSelectionSet(), objectType);
					if (children == null) {
						return null;
					}
				}
				else if (field.getSelectionSet() != null) {
					return null;
				}
				selected.add(new Selected(field.getResultKey(), field.getName(), children));
			}
			return selected.isEmpty() ? null : List.copyOf(selected);
		}

	}

}
