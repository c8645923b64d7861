package dev.tokengate.graphql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tokengate.graphql.AuthTokenGraph.AuthToken;
import dev.tokengate.graphql.AuthTokenGraph.AuthTokenConnection;
import dev.tokengate.graphql.AuthTokenGraph.AuthTokenEdge;
import dev.tokengate.graphql.AuthTokenGraph.AuthTokenPage;
import dev.tokengate.graphql.AuthTokenGraph.PageInfo;
import dev.tokengate.graphql.AuthTokenGraph.UserData;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.execution.SimpleDataFetcherExceptionHandler;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.scalars.ExtendedScalars;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shortcut of {@link PropertyReadExecutionStrategy} answers every document exactly as graphql-java's own strategy
 * does (data, errors, their paths, the order of keys), on the real schema, including the cases it leaves to
 * graphql-java: nulls in non-null fields, values a scalar cannot serialize, __typename, fragments, @skip and @include.
 */
class PropertyReadExecutionStrategyTest {

	private static final Instant CREATED = Instant.parse("2025-03-01T10:15:30.123456Z");

	/** The page the authTokens field answers; a test may put odd rows in it. */
	private List<AuthToken> tokens = tokens(3);

	@ParameterizedTest
	@ValueSource(strings = {
			"{ authTokens { totalCount limit offset results { id key userData { id username fullName } createdAt updatedAt } } }",
			"{ authTokens { results { updatedAt key id userData { fullName id } } totalCount } }",
			"{ authTokens { results { a: id b: id key k2: key userData { u: username username } } } }",
			"{ authTokens { results { id id userData { id } userData { username } } } }",
			"{ authTokens { results { __typename id userData { __typename fullName } } } }",
			"{ authTokens { results { ...token } } } fragment token on AuthToken { id userData { ...user } } fragment user on UserData { username }",
			"{ authTokens { results { ... on AuthToken { key } userData { ... { id } } } } }",
			"query($skip: Boolean!, $include: Boolean!) { authTokens { results { id key @skip(if: $skip) userData @include(if: $include) { id username @skip(if: $skip) } } } }",
			"{ authTokenConnection { totalCount edges { cursor node { id userData { fullName } createdAt } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }",
			"{ a: authTokens { results { id } } b: authTokenConnection { edges { node { key } } } }" })
	void answersEveryDocumentAsGraphQlJavaDoes(String document) {
		assertSameAnswers(document);
	}

	@Test
	void aNullInANonNullFieldIsReportedAsGraphQlJavaReportsIt() {
		this.tokens = new ArrayList<>(tokens(3));
		AuthToken second = this.tokens.get(1);
		this.tokens.set(1, new AuthToken(second.id(), second.key(), new UserData("7", "seven", null), null,
				second.updatedAt()));
		Map<String, Object> answer = assertSameAnswers(
				"{ authTokens { results { id createdAt userData { username fullName } } } }");
		assertThat(answer.get("errors")).asString().contains("createdAt").contains("fullName");
	}

	@Test
	void aValueItsScalarCannotWriteIsReportedAsGraphQlJavaReportsIt() {
		// Maps are read by the same property data fetcher as records; "twelve" is not an Int.
		GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(
				new SchemaParser().parse("type Query { rows: [Row!]! } type Row { name: String! count: Int }"),
				RuntimeWiring.newRuntimeWiring()
					.type("Query", type -> type.dataFetcher("rows",
							env -> List.of(Map.of("name", "a", "count", 1), Map.of("name", "b", "count", "twelve"))))
					.build());
		Map<String, Object> answer = assertSameAnswers(schema, "{ rows { name count } }");
		assertThat(answer.get("errors")).asString().contains("count");
		assertThat(answer.get("data")).asString().contains("count=1").contains("count=null");
	}

	@Test
	void propertyReadsAreNotFetchedOneByOne() {
		AtomicInteger fetches = new AtomicInteger();
		SimplePerformantInstrumentation counting = new SimplePerformantInstrumentation() {
			@Override
			public InstrumentationContext<Object> beginFieldFetch(InstrumentationFieldFetchParameters parameters,
					InstrumentationState state) {
				fetches.incrementAndGet();
				return super.beginFieldFetch(parameters, state);
			}
		};
		GraphQL shortcut = GraphQL.newGraphQL(schema())
			.instrumentation(counting)
			.queryExecutionStrategy(new PropertyReadExecutionStrategy(new SimpleDataFetcherExceptionHandler()))
			.build();
		ExecutionResult result = shortcut
			.execute("{ authTokens { totalCount results { id key userData { id username fullName } createdAt } } }");
		assertThat(result.getErrors()).isEmpty();
		// authTokens, totalCount and results: the 3 x 7 fields of the tokens are read without a fetch each.
		assertThat(fetches).hasValue(3);
	}

	private Map<String, Object> assertSameAnswers(String document) {
		return assertSameAnswers(schema(), document);
	}

	private static Map<String, Object> assertSameAnswers(GraphQLSchema schema, String document) {
		ExecutionInput input = ExecutionInput.newExecutionInput(document)
			.variables(Map.of("skip", true, "include", true))
			.build();
		GraphQL graphQlJava = GraphQL.newGraphQL(schema).build();
		GraphQL shortcut = GraphQL.newGraphQL(schema)
			.queryExecutionStrategy(new PropertyReadExecutionStrategy(new SimpleDataFetcherExceptionHandler()))
			.build();
		Map<String, Object> expected = graphQlJava.execute(input).toSpecification();
		Map<String, Object> actual = shortcut.execute(input).toSpecification();
		assertThat(actual).isEqualTo(expected);
		assertThat(actual.toString()).isEqualTo(expected.toString());
		assertThat(expected).containsKey("data");
		return actual;
	}

	private GraphQLSchema schema() {
		RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
			.scalar(GraphQlConfig.date())
			.scalar(GraphQlConfig.dateTime())
			.scalar(ExtendedScalars.GraphQLLong)
			.type("Query", type -> type
				.dataFetcher("authTokens", env -> new AuthTokenPage(this.tokens.size(), 100, 0, this.tokens))
				.dataFetcher("authTokenConnection", env -> new AuthTokenConnection(this.tokens.size(),
						this.tokens.stream().map(token -> new AuthTokenEdge("c" + token.id(), token)).toList(),
						new PageInfo(true, false, "c1", null))))
			.build();
		return new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(schemaText()), wiring);
	}

	private static String schemaText() {
		try (InputStream schema = PropertyReadExecutionStrategyTest.class.getResourceAsStream("/graphql/tokengate.graphqls")) {
			return new String(schema.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<AuthToken> tokens(int count) {
		List<AuthToken> tokens = new ArrayList<>();
		for (int i = 1; i <= count; i++) {
			tokens.add(new AuthToken(Integer.toString(i), "k" + i, new UserData(Integer.toString(100 + i), "user" + i,
					"User " + i), CREATED.plusSeconds(i), CREATED.plusSeconds(2 * i)));
		}
		return tokens;
	}

}
