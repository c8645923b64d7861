package dev.tokengate.rest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.tokengate.token.AuthTokenPageRequest;
import dev.tokengate.token.AuthTokenQuery;
import dev.tokengate.token.AuthTokenQueryBuilder;
import dev.tokengate.token.AuthTokenQueryBuilder.UserNamesSource;
import dev.tokengate.token.AuthTokenService;
import dev.tokengate.token.SqlStatement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pgbench scripts of {@code bench/sql} are the service's own SQL for each benchmark shape: this test renders what
 * the query builder writes for the shape's REST query and fails when a script differs. The service sends those
 * statements without the users' names, which it keeps in memory once read ({@code UserNamesCache}), so after its first
 * requests a shape is the one statement written here. Regenerate them with
 * {@code ./mvnw test -Dtest=BenchmarkSqlTest -Dbench.sql.write=true}.
 */
class BenchmarkSqlTest {

	/** The six shapes of the benchmark; S6 searches the full key of token 500000. */
	static Stream<Arguments> shapes() {
		return Stream.of(Arguments.of("S1", "limit=20"), Arguments.of("S2", "search=alex&limit=20"),
				Arguments.of("S3", "created_from=2025-03-01&created_to=2025-03-31&ordering=-created_at&limit=50"),
				Arguments.of("S4", "limit=20&offset=500000"),
				Arguments.of("S5", "id_min=400000&id_max=400100&ordering=-id"),
				Arguments.of("S6", "search=bec7fdba22308f5823013a4642652ea49931d6c9&limit=20"));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("shapes")
	void thePgbenchScriptIsTheServicesOwnSql(String shape, String restQuery) throws IOException {
		DrfListParameters parameters = DrfListParameters.from(DrfQueryString.parse(restQuery));
		AuthTokenQueryBuilder builder = new AuthTokenQueryBuilder();
		String script;
		if (parameters.limit() == null) {
			// The unpaginated list: this shape fits in the stream's first batch, which the service reads as one
			// statement with no transaction around it (AuthTokenService#stream).
			script = inline(builder.rows(parameters.query()
				.withPage(new AuthTokenPageRequest.Keyset(AuthTokenService.STREAM_BATCH, false, null, null)),
					UserNamesSource.BY_VERSION)) + ";\n";
		}
		else {
			// A page: the count and the rows in one statement.
			AuthTokenQuery page = parameters.query()
				.withPage(new AuthTokenPageRequest.Offset(parameters.limit().longValue(), parameters.offset().longValue()));
			script = inline(builder.countedRows(page, UserNamesSource.BY_VERSION)) + ";\n";
		}
		script = "-- " + shape + ": GET /api/users/auth_tokens?" + restQuery + "\n" + script;
		Path file = Path.of("bench/sql/" + shape + ".sql");
		if (Boolean.getBoolean("bench.sql.write")) {
			Files.writeString(file, script);
		}
		assertThat(file).as("regenerate with -Dbench.sql.write=true").exists();
		assertThat(Files.readString(file)).isEqualTo(script);
	}

	/**
	 * The statement as the service sends it ({@link SqlStatement#withValuesInline()}: numbers and dates inline unless it
	 * has text), with any parameters left written as SQL literals, as pgbench needs them.
	 */
	private static String inline(SqlStatement parameterised) {
		SqlStatement statement = parameterised.withValuesInline();
		StringBuilder sql = new StringBuilder();
		int p = 0;
		for (char c : statement.sql().toCharArray()) {
			if (c == '?') {
				Object value = statement.parameters().get(p++);
				if (value instanceof String s) {
					sql.append('\'').append(s.replace("'", "''")).append('\'');
				}
				else {
					// A search's numbers go as parameters; written here as the service writes them elsewhere.
					sql.append(new SqlStatement("?", List.of(value)).withValuesInline().sql());
				}
			}
			else {
				sql.append(c);
			}
		}
		assertThat(p).isEqualTo(statement.parameters().size());
		return sql.toString();
	}

}
