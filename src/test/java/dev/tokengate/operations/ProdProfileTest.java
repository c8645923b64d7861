package dev.tokengate.operations;

import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RawHttp;
import graphql.introspection.Introspection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/** The prod profile: no console, no introspection, JSON logs; the APIs and the health endpoints serve as always. */
@ActiveProfiles("prod")
@ExtendWith(OutputCaptureExtension.class)
class ProdProfileTest extends IntegrationTest {

	/** Spring Boot turns introspection off with graphql-java's JVM-wide switch; the next test classes share this JVM. */
	@AfterAll
	static void introspectionBackOnForTheNextTestClasses() {
		Introspection.enabledJvmWide(true);
	}

	@Test
	void introspectionIsRefused() {
		for (String document : List.of("{ __schema { queryType { fields { name } } } }",
				"{ __type(name: \"AuthToken\") { fields { name } } }")) {
			DocumentContext result = JsonPath.parse(graphQl(document, null).text());
			assertThat(result.<List<?>>read("$.errors")).as(document).isNotEmpty();
			assertThat(result.jsonString()).as(document).doesNotContain("authTokenConnection").doesNotContain("userData");
		}
	}

	@Test
	void graphiQlIsNotServed() {
		RawHttp.Response response = http().get("/graphiql", "Accept: text/html");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.text()).doesNotContainIgnoringCase("graphiql.");
	}

	@Test
	void queriesAndHealthServeAsAlways() {
		assertThat(adminGraphQl("{ authTokens(limit: 1) { totalCount } }", null).<Integer>read(
				"$.data.authTokens.totalCount"))
			.isEqualTo(5000);
		assertThat(rest("limit=1").status()).isEqualTo(200);
		assertThat(http().get("/actuator/health/readiness").text()).isEqualTo("{\"status\":\"UP\"}");
	}

	@Test
	void logLinesAreJsonObjects(CapturedOutput output) {
		List<String> started = output.getOut()
			.lines()
			.filter(line -> line.contains("Started ProdProfileTest"))
			.toList();
		assertThat(started).hasSize(1);
		DocumentContext line = JsonPath.parse(started.get(0));
		assertThat(line.<Map<String, Object>>read("$")).containsKeys("@timestamp", "message", "ecs");
		assertThat(line.<String>read("$.log.level")).isEqualTo("INFO");
		assertThat(line.<String>read("$.log.logger")).isEqualTo(ProdProfileTest.class.getName());
	}

}
