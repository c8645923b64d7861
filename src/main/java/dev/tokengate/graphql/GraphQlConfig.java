package dev.tokengate.graphql;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import dev.tokengate.rest.DrfResponses;
import dev.tokengate.token.AuthTokenTimestamps;
import dev.tokengate.token.QueryGate;
import graphql.GraphQLContext;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.CoercedVariables;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.scalars.ExtendedScalars;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLScalarType;
import graphql.validation.ValidationError;
import graphql.validation.ValidationErrorType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.transaction.TransactionException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.DataFetcherExceptionResolver;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.graphql.execution.SchemaReport;
import org.springframework.graphql.server.WebGraphQlInterceptor;

/** Scalars, error classification and the start-up inspection of the schema mappings. */
@Configuration(proxyBeanMethods = false)
public class GraphQlConfig {

	private static final Logger log = LoggerFactory.getLogger(GraphQlConfig.class);

	@Bean
	RuntimeWiringConfigurer scalars() {
		return wiring -> wiring.scalar(date()).scalar(ExtendedScalars.GraphQLLong).scalar(dateTime());
	}

	/**
	 * A calendar date, {@code 2025-08-06}, parsed strictly: {@code 2025-02-30} is an error, not February 28th (which
	 * the extended-scalars Date would make of it). Years run from 1 to 9999, as in REST (Python's dates): a date beyond
	 * them has no day after it to end a range ({@code +999999999-12-31}) or lies outside PostgreSQL's timestamps.
	 */
	static GraphQLScalarType date() {
		DateTimeFormatter format = DateTimeFormatter.ISO_LOCAL_DATE.withResolverStyle(ResolverStyle.STRICT);
		return stringScalar("Date", "A calendar date, 2025-08-06", text -> {
			LocalDate date = LocalDate.parse(text, format);
			if (date.getYear() < 1 || date.getYear() > 9999) {
				throw new DateTimeParseException("Years run from 1 to 9999", text, 0);
			}
			return date;
		}, value -> value instanceof LocalDate date ? format.format(date) : null);
	}

	/**
	 * DateTime with microseconds and {@code Z}, written exactly as the REST API writes timestamps (the extended-scalars
	 * DateTime keeps only milliseconds).
	 */
	static GraphQLScalarType dateTime() {
		return stringScalar("DateTime", "An instant in UTC with microseconds",
				text -> OffsetDateTime.parse(text).toInstant(), value -> {
					if (value instanceof Instant instant) {
						return AuthTokenTimestamps.format(instant);
					}
					if (value instanceof OffsetDateTime time) {
						return AuthTokenTimestamps.format(time.toInstant());
					}
					return value instanceof ZonedDateTime time ? AuthTokenTimestamps.format(time.toInstant()) : null;
				});
	}

	/**
	 * A scalar written as a string: {@code parse} reads input (throwing DateTimeParseException when it cannot),
	 * {@code format} writes output (null for a value it does not know).
	 */
	private static <T> GraphQLScalarType stringScalar(String name, String description, Function<String, T> parse,
			Function<Object, String> format) {
		return GraphQLScalarType.newScalar().name(name).description(description).coercing(new Coercing<T, String>() {
			@Override
			public String serialize(Object value, GraphQLContext context, Locale locale) {
				String text = format.apply(value);
				if (text == null) {
					throw new CoercingSerializeException("Not a " + name + ": " + value.getClass().getSimpleName());
				}
				return text;
			}

			@Override
			public T parseValue(Object input, GraphQLContext context, Locale locale) {
				try {
					if (input instanceof String text) {
						return parse.apply(text);
					}
				}
				catch (DateTimeParseException ex) {
					// reported below
				}
				throw new CoercingParseValueException("Not a valid " + name + ": '" + input + "'");
			}

			@Override
			public T parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
				try {
					if (input instanceof StringValue string) {
						return parse.apply(string.getValue());
					}
				}
				catch (DateTimeParseException ex) {
					// reported below
				}
				throw new CoercingParseLiteralException("Not a valid " + name + ": " + input);
			}
		}).build();
	}

	/**
	 * Arguments the API refuses are the client's fault: BAD_REQUEST, with the message naming the argument. A query
	 * cancelled at the statement timeout is a TIMEOUT, a database that cannot be reached SERVICE_UNAVAILABLE.
	 */
	@Bean
	DataFetcherExceptionResolver invalidArgumentResolver() {
		return new DataFetcherExceptionResolverAdapter() {
			@Override
			protected GraphQLError resolveToSingleError(Throwable ex, DataFetchingEnvironment env) {
				if (ex instanceof InvalidArgumentException) {
					return GraphqlErrorBuilder.newError(env).errorType(ErrorType.BAD_REQUEST).message(ex.getMessage()).build();
				}
				if (ex instanceof QueryTimeoutException) {
					log.warn("A query was cancelled at the statement timeout");
					return GraphqlErrorBuilder.newError(env)
						.errorType(QueryLimits.Timeout.TIMEOUT)
						.message(DrfResponses.TIMED_OUT)
						.build();
				}
				if (ex instanceof DataAccessException || ex instanceof TransactionException) {
					if (!QueryGate.isRefusal(ex)) {
						log.warn("A query failed, the database is unavailable: {}", ex.getClass().getSimpleName());
					}
					return GraphqlErrorBuilder.newError(env)
						.errorType(Unavailable.SERVICE_UNAVAILABLE)
						.message(DrfResponses.UNAVAILABLE)
						.build();
				}
				return null;
			}
		};
	}

	/**
	 * A value of the wrong type for an argument (a bad {@code Date}, a string for an {@code Int}) is rejected by
	 * graphql-java's validation with the classification ValidationError; for the client it is a bad request like any
	 * other bad argument, so it is classified BAD_REQUEST.
	 */
	@Bean
	WebGraphQlInterceptor badArgumentClassifier() {
		return (request, chain) -> chain.next(request).map(response -> {
			List<GraphQLError> errors = response.getExecutionResult().getErrors();
			if (errors.stream().noneMatch(GraphQlConfig::isBadArgumentValue)) {
				return response;
			}
			List<GraphQLError> classified = errors.stream()
				.map(error -> isBadArgumentValue(error) ? GraphqlErrorBuilder.newError()
					.message(error.getMessage())
					.locations(error.getLocations())
					.path(error.getPath())
					.errorType(ErrorType.BAD_REQUEST)
					.build() : error)
				.toList();
			return response.transform(builder -> builder.errors(classified));
		});
	}

	private static boolean isBadArgumentValue(GraphQLError error) {
		if (error instanceof ValidationError validation) {
			return validation.getValidationErrorType() == ValidationErrorType.WrongType;
		}
		// A variable whose value cannot be coerced to its type.
		return error.getErrorType() == graphql.ErrorType.ValidationError && error.getMessage() != null
				&& error.getMessage().startsWith("Variable '");
	}

	/** Inspects the schema mappings at start-up, logs the result and keeps it for the tests. */
	@Bean
	SchemaInspection schemaInspection() {
		return new SchemaInspection();
	}

	@Bean
	GraphQlSourceBuilderCustomizer schemaInspectionCustomizer(SchemaInspection inspection) {
		return builder -> builder.inspectSchemaMappings(report -> {
			inspection.report = report;
			if (SchemaInspection.isClean(report)) {
				log.info("GraphQL schema mappings: every field and argument is mapped");
			}
			else {
				log.warn("GraphQL schema mappings are incomplete: {}", report);
			}
		});
	}

	@Bean
	ParsedDocumentCache parsedDocumentCache() {
		return new ParsedDocumentCache();
	}

	@Bean
	GraphQlSourceBuilderCustomizer parsedDocumentCacheCustomizer(ParsedDocumentCache cache) {
		return builder -> builder.configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(cache));
	}

	/**
	 * Queries run with {@link PropertyReadExecutionStrategy}. Setting a strategy replaces the one graphql-java would
	 * build with Spring's exception handler, so the handler is built here the way Spring Boot builds it: from every
	 * DataFetcherExceptionResolver bean, in order.
	 */
	@Bean
	GraphQlSourceBuilderCustomizer propertyReadExecutionCustomizer(
			ObjectProvider<DataFetcherExceptionResolver> exceptionResolvers) {
		return builder -> builder.configureGraphQl(graphQl -> graphQl.queryExecutionStrategy(
				new PropertyReadExecutionStrategy(DataFetcherExceptionResolver
					.createExceptionHandler(exceptionResolvers.orderedStream().toList()))));
	}

	/** The classification of errors while the database cannot be reached. */
	enum Unavailable implements graphql.ErrorClassification {

		SERVICE_UNAVAILABLE

	}

	/** The last schema-mapping report. */
	public static class SchemaInspection {

		private volatile SchemaReport report;

		public SchemaReport report() {
			return this.report;
		}

		public static boolean isClean(SchemaReport report) {
			return report.unmappedFields().isEmpty() && report.unmappedArguments().isEmpty()
					&& report.unmappedRegistrations().isEmpty() && report.skippedTypes().isEmpty();
		}

	}

}
