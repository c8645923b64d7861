package dev.tokengate.rest;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.tokengate.support.IntegrationTest;
import dev.tokengate.support.RawHttp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document and Swagger UI: served without a token, from the jar, describing exactly the REST endpoint with
 * every parameter of the contract, both shapes of the list, the error bodies and the Token scheme.
 */
class OpenApiDocumentTest extends IntegrationTest {

	/** The query parameters CONTRACT.md (section 2) and the legacy behaviour document name. */
	private static final List<String> CONTRACT_PARAMETERS = List.of("limit", "offset", "id_min", "id_max",
			"created_date", "updated_date", "created_from", "created_to", "updated_from", "updated_to", "search",
			"ordering", "format");

	private static final String GET = "$.paths['" + API + "'].get";

	private DocumentContext document() {
		RawHttp.Response response = http().get("/v3/api-docs");
		assertThat(response.status()).isEqualTo(200);
		return JsonPath.parse(response.text());
	}

	@Test
	void theDocumentDescribesOnlyTheRestEndpoint() {
		Map<String, Object> paths = document().read("$.paths");
		assertThat(paths).containsOnlyKeys(API);
		assertThat(document().<List<String>>read("$.servers[*].url")).containsExactly("/");
	}

	@Test
	void everyParameterOfTheContractIsListedForGet() {
		List<String> names = document().read(GET + ".parameters[*].name");
		assertThat(names).containsExactlyInAnyOrderElementsOf(CONTRACT_PARAMETERS);
		assertThat(document().<List<String>>read(GET + ".parameters[*].in")).containsOnly("query");
		assertThat(document().<List<Boolean>>read(GET + ".parameters[*].required")).containsOnly(false);
		assertThat(document().<List<Object>>read(GET + ".parameters[?(@.name == 'limit')].schema.type"))
			.containsExactly("integer");
		assertThat(document().<List<Object>>read(GET + ".parameters[?(@.name == 'id_min')].schema.type"))
			.containsExactly("number");
		assertThat(document().<List<Object>>read(GET + ".parameters[?(@.name == 'created_from')].schema.format"))
			.containsExactly("date");
		assertThat(document().<List<Boolean>>read(GET + ".parameters[?(@.name == 'ordering')].explode"))
			.containsExactly(false);
	}

	@Test
	void theTokenSchemeIsAnApiKeyInTheAuthorizationHeaderRequiredByEveryOperation() {
		DocumentContext document = document();
		Map<String, Object> scheme = document.read("$.components.securitySchemes.Token");
		assertThat(scheme).containsEntry("type", "apiKey").containsEntry("in", "header").containsEntry("name",
				"Authorization");
		assertThat(scheme.get("description").toString()).contains("Token <key>");
		for (String method : List.of("get", "head", "options", "post", "put", "patch", "delete")) {
			assertThat(document.<List<Object>>read("$.paths['" + API + "']." + method + ".security[*].Token"))
				.as(method)
				.hasSize(1);
		}
	}

	@Test
	void the200HasBothShapesTheBareArrayAndTheEnvelope() {
		DocumentContext document = document();
		String ok = GET + ".responses['200'].content['application/json']";
		assertThat(document.<List<String>>read(ok + ".schema.oneOf[*].type")).contains("array");
		assertThat(document.<List<String>>read(ok + ".schema.oneOf[*].items.$ref"))
			.containsExactly("#/components/schemas/AuthToken");
		assertThat(document.<List<String>>read(ok + ".schema.oneOf[*].$ref"))
			.containsExactly("#/components/schemas/AuthTokenPage");
		assertThat(document.<Map<String, Object>>read("$.components.schemas.AuthTokenPage.properties"))
			.containsOnlyKeys("count", "next", "previous", "results");
		assertThat(document.<Map<String, Object>>read("$.components.schemas.AuthToken.properties"))
			.containsOnlyKeys("id", "key", "user_data", "created_at", "updated_at");
		assertThat(document.<Integer>read(ok + ".examples.paginated.value.count")).isEqualTo(5000);
		assertThat(document.<String>read(ok + ".examples.unpaginated.value[0].key")).isEqualTo(ADMIN_KEY);
	}

	@Test
	void theErrorBodiesAreDescribed() {
		DocumentContext document = document();
		Map<String, Object> responses = document.read(GET + ".responses");
		assertThat(responses).containsKeys("200", "400", "401", "403", "404", "406", "503");
		assertThat(document.<Map<String, Object>>read(GET + ".responses['400'].content['application/json'].examples"
				+ ".fieldErrors.value")).containsOnlyKeys("id_min", "created_date");
		assertThat(document.<String>read(GET + ".responses['401'].content['application/json'].schema.$ref"))
			.isEqualTo("#/components/schemas/Detail");
		assertThat(document.<Map<String, Object>>read(GET + ".responses['401'].headers")).containsKey("WWW-Authenticate");
		assertThat(document.<Map<String, Object>>read(GET + ".responses['503'].headers")).containsKey("Retry-After");
		assertThat(document.<String>read("$.paths['" + API + "'].post.responses['405'].content['application/json']"
				+ ".examples.detail.value.detail")).isEqualTo("Method \"POST\" not allowed.");
	}

	@Test
	void theDocumentedExamplesAreWhatTheEndpointAnswers() {
		DocumentContext document = document();
		String ok = GET + ".responses['200'].content['application/json'].examples";
		assertThat(JsonPath.parse(rest("id_max=1").text()).<Object>read("$"))
			.isEqualTo(document.read(ok + ".unpaginated.value"));
		assertThat(JsonPath.parse(rest("limit=1").text()).<Object>read("$.results"))
			.isEqualTo(document.read(ok + ".paginated.value.results"));
		assertThat(JsonPath.parse(rest("id_min=x&created_date=x").text()).<Object>read("$"))
			.isEqualTo(document.read(GET + ".responses['400'].content['application/json'].examples.fieldErrors.value"));
	}

	@Test
	void swaggerUiIsServedFromTheJarWithoutATokenAndLoadsNothingFromAnotherHost() {
		RawHttp.Response redirect = http().get("/swagger-ui.html");
		assertThat(redirect.status()).isEqualTo(302);
		assertThat(redirect.header("Location")).endsWith("/swagger-ui/index.html");
		RawHttp.Response index = http().get("/swagger-ui/index.html");
		assertThat(index.status()).isEqualTo(200);
		assertThat(index.header("Content-Type")).startsWith("text/html");
		// Every script and style the page loads is served here.
		Matcher resources = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(index.text());
		int count = 0;
		while (resources.find()) {
			String resource = resources.group(1);
			assertThat(resource).doesNotContain("//");
			assertThat(http().get("/swagger-ui/" + resource.replaceFirst("^\\./", "")).status()).as(resource)
				.isEqualTo(200);
			count++;
		}
		assertThat(count).isGreaterThanOrEqualTo(3);
		RawHttp.Response config = http().get("/v3/api-docs/swagger-config");
		assertThat(config.status()).isEqualTo(200);
		assertThat(JsonPath.<String>read(config.text(), "$.url")).isEqualTo("/v3/api-docs");
		// The only absolute URL is this server's own OAuth2 redirect page; no validator badge from another host.
		assertThat(JsonPath.<String>read(config.text(), "$.validatorUrl")).isEmpty();
		assertThat(config.text().replace("http://127.0.0.1:" + this.port + "/", "")).doesNotContain("http");
	}

}
