package dev.tokengate.graphql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.tokengate.rest.DrfResponses;
import graphql.ErrorClassification;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.execution.DataFetcherResult;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.execution.instrumentation.parameters.InstrumentationValidationParameters;
import graphql.schema.DataFetcher;
import graphql.validation.ValidationError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import reactor.core.publisher.Mono;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Abusive GraphQL is refused cheaply: the document's size is checked before it is parsed, its depth and cost after it
 * is validated and before anything runs, so a refused request never reaches the database. The refusals are
 * BAD_REQUEST errors; a request that runs past its time is stopped with a TIMEOUT error.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GraphQlLimits.class)
public class QueryLimits {

	/** The cost of a field that runs SQL (every field of Query but introspection): 500 aliased queries cost 50,000. */
	static final int SQL_FIELD_COST = 100;

	private static final String NOT_ONE_REQUEST = "The body must be one GraphQL request, a JSON object with a "
			+ "'query'; batched requests (a JSON array) are not supported";

	/**
	 * The depth, cost and time limits, in one instrumentation: graphql-java runs the chain of instrumentations for every
	 * field it resolves, so each one more costs every field (as three, GraphQL S1 took 0.94-1.11 ms of the service's
	 * CPU per request; as one, 0.82).
	 */
	@Bean
	Instrumentation depthCostAndTimeLimits(GraphQlLimits limits) {
		return new LimitsInstrumentation(limits);
	}

	private static final class LimitsInstrumentation extends SimplePerformantInstrumentation {

		private final MaxQueryDepthInstrumentation depth;

		private final MaxQueryComplexityInstrumentation cost;

		private final GraphQlLimits limits;

		/** The requests found within both limits, by {@link #admissionKey}; bounded like the parsed-document cache. */
		private final Set<String> admitted = ConcurrentHashMap.newKeySet();

		LimitsInstrumentation(GraphQlLimits limits) {
			this.limits = limits;
			this.depth = new MaxQueryDepthInstrumentation(limits.maxDepth()) {
				@Override
				protected AbortExecutionException mkAbortException(int depth, int maxDepth) {
					return new QueryRefusedException("The query is " + depth + " fields deep; the limit is " + maxDepth);
				}
			};
			FieldComplexityCalculator fieldCost = (env, childComplexity) -> childComplexity
					+ (runsSql(env.getParentEnvironment() == null, env.getField().getName()) ? SQL_FIELD_COST : 1);
			this.cost = new MaxQueryComplexityInstrumentation(limits.maxComplexity(), fieldCost) {
				@Override
				protected AbortExecutionException mkAbortException(int complexity, int maxComplexity) {
					return new QueryRefusedException("The query costs " + complexity + " (1 per field, " + SQL_FIELD_COST
							+ " per query field, aliases included); the limit is " + maxComplexity);
				}
			};
		}

		@Override
		public CompletableFuture<InstrumentationState> createStateAsync(InstrumentationCreateStateParameters parameters) {
			long deadline = System.nanoTime() + this.limits.requestTimeout().toNanos();
			CompletableFuture<InstrumentationState> costState = this.cost.createStateAsync(parameters);
			return (costState != null ? costState : CompletableFuture.<InstrumentationState>completedFuture(null))
				.thenApply(state -> new State(state, deadline));
		}

		@Override
		public InstrumentationContext<List<ValidationError>> beginValidation(
				InstrumentationValidationParameters parameters, InstrumentationState state) {
			return this.cost.beginValidation(parameters, costState(state));
		}

		/**
		 * Both limits are checked on the validated document, before any field runs; a document found within them is
		 * remembered (see {@link #admissionKey}) and not walked again: the two walks were 8% of the service's CPU on
		 * GraphQL S3 (async-profiler).
		 */
		@Override
		public InstrumentationContext<ExecutionResult> beginExecuteOperation(
				InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
			String key = admissionKey(parameters.getExecutionContext().getExecutionInput());
			if (key != null && this.admitted.contains(key)) {
				return SimpleInstrumentationContext.noOp();
			}
			this.depth.beginExecuteOperation(parameters, null);
			InstrumentationContext<ExecutionResult> context = this.cost.beginExecuteOperation(parameters,
					costState(state));
			if (key != null) {
				if (this.admitted.size() >= ParsedDocumentCache.MAX_DOCUMENTS) {
					this.admitted.clear();
				}
				this.admitted.add(key);
			}
			return context;
		}

		/**
		 * What the depth and cost of a request depend on: its document and the operation it runs, and its variables
		 * only through {@code @skip} and {@code @include}. So a document without any directive and small enough for the
		 * parsed-document cache is keyed by its text and operation name; any other is checked every time (null).
		 */
		private static String admissionKey(ExecutionInput input) {
			return ParsedDocumentCache.requestKey(input.getQuery(), input.getOperationName());
		}

		private static InstrumentationState costState(InstrumentationState state) {
			return state instanceof State limits ? limits.cost() : null;
		}

		/**
		 * A request that runs past {@code request-timeout} fetches no further field: each one left answers TIMEOUT. (A
		 * statement already running is bounded by the database's statement timeout.)
		 */
		@Override
		public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> fetcher, InstrumentationFieldFetchParameters parameters,
				InstrumentationState state) {
			if (parameters.isTrivialDataFetcher() || !(state instanceof State limits)) {
				return fetcher;
			}
			long deadline = limits.deadline();
			return env -> {
				if (System.nanoTime() - deadline > 0) {
					return DataFetcherResult.newResult()
						.error(GraphqlErrorBuilder.newError(env)
							.errorType(Timeout.TIMEOUT)
							.message("The request took longer than " + this.limits.requestTimeout() + " and was stopped")
							.build())
						.build();
				}
				return fetcher.get(env);
			};
		}

		/** The cost limit's own state, and the time the request must be done by. */
		private record State(InstrumentationState cost, long deadline) implements InstrumentationState {
		}

	}

	private static boolean runsSql(boolean rootField, String name) {
		return rootField && !name.startsWith("__");
	}

	/** The document's size, checked before graphql-java parses it. */
	@Bean
	WebGraphQlInterceptor maxDocumentSize(GraphQlLimits limits) {
		return (request, chain) -> {
			int bytes = request.getDocument().getBytes(StandardCharsets.UTF_8).length;
			if (bytes <= limits.maxDocumentBytes()) {
				return chain.next(request);
			}
			QueryRefusedException refusal = new QueryRefusedException(
					"The document is " + bytes + " bytes; the limit is " + limits.maxDocumentBytes());
			return Mono.just(new WebGraphQlResponse(
					new DefaultExecutionGraphQlResponse(request.toExecutionInput(), refusal.toExecutionResult())));
		};
	}

	/**
	 * A body that is not one GraphQL request, a JSON array of them (a batch) or malformed JSON, is a 400 with a GraphQL
	 * error saying so, instead of a bare error page.
	 */
	@Bean
	HandlerExceptionResolver unreadableGraphQlRequest() {
		byte[] body = ("{\"errors\":[{\"message\":\"" + NOT_ONE_REQUEST
				+ "\",\"extensions\":{\"classification\":\"BAD_REQUEST\"}}]}")
			.getBytes(StandardCharsets.UTF_8);
		return new OrderedExceptionResolver((request, response, handler, ex) -> {
			if (!(ex instanceof HttpMessageNotReadableException)
					|| !request.getRequestURI().startsWith(request.getContextPath() + "/graphql")) {
				return null;
			}
			try {
				DrfResponses.write(response, HttpServletResponse.SC_BAD_REQUEST, body);
			}
			catch (IOException writeFailed) {
				return null;
			}
			return new ModelAndView();
		});
	}

	/** Runs before Spring MVC's own resolvers, which would answer with a bare error page. */
	private record OrderedExceptionResolver(HandlerExceptionResolver resolver) implements HandlerExceptionResolver, Ordered {

		@Override
		public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
				Exception ex) {
			return this.resolver.resolveException(request, response, handler, ex);
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE + 1;
		}

	}

	/** A request the limits refuse, before it runs: a BAD_REQUEST error. */
	static class QueryRefusedException extends AbortExecutionException {

		QueryRefusedException(String message) {
			super(message);
		}

		@Override
		public ExecutionResult toExecutionResult() {
			return ExecutionResult.newExecutionResult()
				.addError(GraphqlErrorBuilder.newError().errorType(ErrorType.BAD_REQUEST).message(getMessage()).build())
				.build();
		}

	}

	/** The classification of a request or statement stopped because it ran too long. */
	enum Timeout implements ErrorClassification {

		TIMEOUT

	}

}
