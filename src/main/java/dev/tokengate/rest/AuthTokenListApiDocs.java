package dev.tokengate.rest;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.stereotype.Component;

/**
 * The OpenAPI description of the legacy endpoint, served at {@code /v3/api-docs} (Swagger UI at
 * {@code /swagger-ui.html}). Written out here rather than derived from {@link AuthTokenListController}, because the
 * controller reads its parameters itself, with DRF's leniency, and answers every method: only this class knows the
 * parameters, the two shapes of the list and the error bodies. Only this endpoint is described; GraphQL describes
 * itself (its schema, introspection and GraphiQL).
 */
@Component
class AuthTokenListApiDocs implements OpenApiCustomizer {

	static final String SECURITY_SCHEME = "Token";

	private static final String JSON = DrfResponses.CONTENT_TYPE;

	private static final String ROW_EXAMPLE = "{\"id\":1,\"key\":\"a0000000000000000000000000000000000admin\","
			+ "\"user_data\":{\"id\":1,\"username\":\"admin\",\"full_name\":\"Ada Admin\"},"
			+ "\"created_at\":\"2025-01-01T00:00:00Z\",\"updated_at\":\"2025-01-01T00:00:00Z\"}";

	private static final String DATE_FORMATS = " Django's date input formats are accepted: `2025-08-06`, `2025-8-6`, "
			+ "`08/06/2025`, `08/06/25`, `Aug 6 2025`, `Aug 6, 2025`, `6 Aug 2025`, `6 Aug, 2025`, `August 6 2025`, "
			+ "`August 6, 2025`, `6 August 2025`, `6 August, 2025`. Anything else is a 400 (`Enter a valid date.`).";

	/** The query parameters, in the order the legacy documentation lists them. */
	static List<Parameter> parameters() {
		return List.of(
				query("limit", schema("integer").minimum(BigDecimal.ONE),
						"Page size. A positive integer (`+2` is 2) gives the envelope `{count, next, previous, results}`; "
								+ "without it, or when it is not a positive integer (`0`, `-1`, `abc`, `2.5`), the answer "
								+ "is a bare array of every matching row, streamed. A limit beyond the row count returns "
								+ "every row in the envelope; a page of a limit over 2,000 is streamed too, its count first.",
						20),
				query("offset", schema("integer").minimum(BigDecimal.ZERO),
						"Rows to skip before the page (with `limit`). Not a non-negative integer: 0.", 40),
				query("id_min", schema("number"),
						"Tokens with `id >= id_min`. A decimal is truncated (`1.5` is 1) and an exponent allowed "
								+ "(`1e3` is 1000); not a number is a 400 (`Enter a number.`).",
						10),
				query("id_max", schema("number"),
						"Tokens with `id <= id_max`; read as `id_min`. An inverted range matches nothing.", 12),
				dateQuery("created_date", "Tokens created on this UTC calendar date."),
				dateQuery("updated_date", "Tokens last updated on this UTC calendar date."),
				dateQuery("created_from", "Tokens created on or after this UTC date."),
				dateQuery("created_to", "Tokens created on or before this UTC date (inclusive)."),
				dateQuery("updated_from", "Tokens updated on or after this UTC date."),
				dateQuery("updated_to", "Tokens updated on or before this UTC date (inclusive)."),
				query("search", schema("string"),
						"Words separated by spaces or commas; each must appear, case-insensitively, as a substring of "
								+ "the token's id, its key, or its user's username, mobile number, first or last name. "
								+ "`%`, `_` and `\\` are literal characters; quotes are literal too (no phrases).",
						"alex"),
				query("ordering", orderingSchema(),
						"Comma-separated fields, `-` for descending: `id` (the default), `created_at`, `updated_at`, "
								+ "`user` (the user id). Unknown terms are ignored; ties are broken by `id` ascending.",
						"-created_at,id"),
				query("format", schema("string")._enum(List.of("json")),
						"The rendering: only `json`; any other value is a 404.", null));
	}

	@Override
	public void customise(OpenAPI openApi) {
		openApi.info(new Info().title("Tokengate REST API")
			.version("1")
			.description("The list of API auth tokens, exactly as the legacy Django REST Framework endpoint answered "
					+ "it. Every call needs the header `Authorization: Token <key>` of a staff user or superuser. "
					+ "The same list is served over GraphQL at `/graphql` (see its schema)."));
		// Relative: the document works behind any proxy or host name.
		openApi.servers(List.of(new Server().url("/")));
		Components components = openApi.getComponents() != null ? openApi.getComponents() : new Components();
		components.addSecuritySchemes(SECURITY_SCHEME, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
			.in(SecurityScheme.In.HEADER)
			.name("Authorization")
			.description("`Token <key>`, for example `Token a0000000000000000000000000000000000admin` (the demo "
					+ "admin of the embedded database). The word `Token` is case-insensitive. The user must be "
					+ "active and staff or superuser."));
		schemas().forEach(components::addSchemas);
		openApi.components(components);
		if (openApi.getPaths() == null) {
			openApi.paths(new Paths());
		}
		openApi.getPaths().addPathItem(LegacyApiFilter.PATH, pathItem());
	}

	private static PathItem pathItem() {
		PathItem item = new PathItem().summary("The auth-token list")
			.description("Also answered with a trailing slash (`" + LegacyApiFilter.PATH + "/`); the slash is kept in "
					+ "`next` and `previous`. Every response carries `Allow: GET, HEAD, OPTIONS`, "
					+ "`X-Frame-Options: DENY`, `X-Content-Type-Options: nosniff` and `Referrer-Policy: same-origin`.");
		item.get(operation("listAuthTokens", "List auth tokens",
				"Filters, search and ordering apply to both shapes. Without a valid `limit` the answer is a bare array "
						+ "of every matching row; with one, the envelope with the total `count` and absolute `next` and "
						+ "`previous` links (parameters sorted, unknown ones carried along).")
			.parameters(parameters())
			.responses(common().addApiResponse("200", listResponse())
				.addApiResponse("400", fieldErrors())
				.addApiResponse("404", detail("A `format` other than `json`.", "Not found."))
				.addApiResponse("503", unavailable())));
		item.head(operation("headAuthTokens", "The list's headers",
				"As GET, without the body; `Content-Length` is the length the body would have.")
			.parameters(parameters())
			.responses(common().addApiResponse("200", new ApiResponse().description("The headers of the GET answer."))
				.addApiResponse("503", unavailable())));
		item.options(operation("describeAuthTokens", "The endpoint's metadata", "DRF's metadata of a list view.")
			.responses(common().addApiResponse("200", new ApiResponse().description("DRF's metadata.")
				.content(json(new Schema<>().$ref(ref("ListMetadata")), Map.of("metadata", example(
						"{\"name\":\"Auth Token List\",\"description\":\"\",\"renders\":[\"application/json\"],"
								+ "\"parses\":[\"application/json\"]}")))))));
		for (PathItem.HttpMethod method : List.of(PathItem.HttpMethod.POST, PathItem.HttpMethod.PUT,
				PathItem.HttpMethod.PATCH, PathItem.HttpMethod.DELETE)) {
			item.operation(method, operation(method.name().toLowerCase(java.util.Locale.ROOT) + "AuthTokens",
					"Not allowed", "The list is read-only: any method but GET, HEAD and OPTIONS is a 405, after "
							+ "authentication and the staff rule (DRF's order of checks).")
				.responses(common().addApiResponse("405",
						detail("Method not allowed.", "Method \"" + method.name() + "\" not allowed."))));
		}
		return item;
	}

	private static Operation operation(String id, String summary, String description) {
		return new Operation().operationId(id)
			.summary(summary)
			.description(description)
			.addTagsItem("auth tokens")
			.addSecurityItem(new SecurityRequirement().addList(SECURITY_SCHEME));
	}

	/** The answers every method can give: authentication, the staff rule, content negotiation. */
	private static ApiResponses common() {
		Map<String, Example> unauthorized = new LinkedHashMap<>();
		for (String message : List.of("Authentication credentials were not provided.",
				"Invalid token header. No credentials provided.",
				"Invalid token header. Token string should not contain spaces.",
				"Invalid token header. Token string should not contain invalid characters.", "Invalid token.",
				"User inactive or deleted.")) {
			unauthorized.put(message, example(new String(DrfJson.detail(message), StandardCharsets.UTF_8)));
		}
		return new ApiResponses()
			.addApiResponse("401", new ApiResponse()
				.description("No token, a malformed header, an unknown key, or an inactive user (`Bearer` and "
						+ "`Basic` count as no token).")
				.addHeaderObject("WWW-Authenticate", new Header().description("Always `Token`.")
					.schema(schema("string")._enum(List.of("Token"))))
				.content(json(detailSchema(), unauthorized)))
			.addApiResponse("403",
					detail("The user is neither staff nor superuser.",
							"You do not have permission to perform this action."))
			.addApiResponse("406",
					detail("An `Accept` header that excludes `application/json`.",
							"Could not satisfy the request Accept header."));
	}

	/** The two shapes of the 200: the bare array without a valid limit, the envelope with one. */
	private static ApiResponse listResponse() {
		Map<String, Example> examples = new LinkedHashMap<>();
		examples.put("unpaginated", example("[" + ROW_EXAMPLE + "]")
			.summary("No valid limit: a bare array of every matching row (here `id_max=1`)"));
		examples.put("paginated", example("{\"count\":5000,\"next\":\"http://localhost:8080" + LegacyApiFilter.PATH
				+ "?limit=1&offset=1\",\"previous\":null,\"results\":[" + ROW_EXAMPLE + "]}")
			.summary("A valid limit: the envelope (here `limit=1`)"));
		Schema<Object> shapes = new Schema<>().oneOf(List.of(new ArraySchema().items(new Schema<>().$ref(ref("AuthToken"))),
				new Schema<>().$ref(ref("AuthTokenPage"))));
		return new ApiResponse().description("The matching tokens, in order: a bare array when `limit` is absent or "
				+ "not a positive integer, else the `AuthTokenPage` envelope.").content(json(shapes, examples));
	}

	private static ApiResponse fieldErrors() {
		return new ApiResponse().description("A filter that is not a number or not a date; every bad field at once, "
				+ "in the order `id_min`, `id_max`, `created_date`, `updated_date`, `created_from`, `created_to`, "
				+ "`updated_from`, `updated_to`.")
			.content(json(new Schema<>().$ref(ref("FieldErrors")), Map.of("fieldErrors",
					example("{\"id_min\":[\"Enter a number.\"],\"created_date\":[\"Enter a valid date.\"]}"))));
	}

	private static ApiResponse unavailable() {
		return detail("The database cannot be reached; try again after `Retry-After` seconds.", DrfResponses.UNAVAILABLE)
			.addHeaderObject("Retry-After", new Header().description("Seconds to wait.")
				.schema(schema("integer")));
	}

	private static ApiResponse detail(String description, String message) {
		return new ApiResponse().description(description)
			.content(json(detailSchema(), Map.of("detail", example(new String(DrfJson.detail(message), StandardCharsets.UTF_8)))));
	}

	private static Map<String, Schema> schemas() {
		Map<String, Schema> schemas = new LinkedHashMap<>();
		schemas.put("AuthToken", schema("object")
			.description("One token; the properties always come in this order.")
			.addProperty("id", schema("integer").format("int64"))
			.addProperty("key", schema("string").description("The 40-character key."))
			.addProperty("user_data", new Schema<>().$ref(ref("UserData")))
			.addProperty("created_at", timestamp())
			.addProperty("updated_at", timestamp())
			.required(List.of("id", "key", "user_data", "created_at", "updated_at")));
		schemas.put("UserData", schema("object")
			.addProperty("id", schema("integer").format("int64"))
			.addProperty("username", schema("string"))
			.addProperty("full_name", schema("string")
				.description("`first_name + \" \" + last_name`, trimmed (empty when both are empty)."))
			.required(List.of("id", "username", "full_name")));
		schemas.put("AuthTokenPage", schema("object")
			.description("The envelope of a paginated list (a valid `limit`).")
			.addProperty("count", schema("integer").format("int64")
				.description("Every matching row, whatever the page."))
			.addProperty("next", link("The next page, absolute; null on the last page."))
			.addProperty("previous", link("The previous page, absolute, without `offset` when it would be 0; null "
					+ "at offset 0."))
			.addProperty("results", new ArraySchema().items(new Schema<>().$ref(ref("AuthToken"))))
			.required(List.of("count", "next", "previous", "results")));
		schemas.put("Detail", schema("object")
			.description("DRF's error body for authentication, permission, method, content negotiation and "
					+ "availability errors.")
			.addProperty("detail", schema("string"))
			.required(List.of("detail")));
		schemas.put("FieldErrors", schema("object")
			.description("DRF's validation error: each invalid filter parameter with its messages.")
			.additionalProperties(new ArraySchema().items(schema("string"))));
		schemas.put("ListMetadata", schema("object")
			.addProperty("name", schema("string"))
			.addProperty("description", schema("string"))
			.addProperty("renders", new ArraySchema().items(schema("string")))
			.addProperty("parses", new ArraySchema().items(schema("string"))));
		return schemas;
	}

	private static Schema<Object> orderingSchema() {
		List<Object> terms = List.of("id", "-id", "created_at", "-created_at", "updated_at", "-updated_at", "user",
				"-user");
		return new ArraySchema().items(schema("string")._enum(terms));
	}

	private static Schema<Object> timestamp() {
		return schema("string")
			.format("date-time")
			.description("UTC, `Z`, six fractional digits or none when they are all zero: "
					+ "`2025-07-05T10:59:55.523645Z`, `2025-01-01T00:00:00Z`.");
	}

	private static Schema<Object> link(String description) {
		return schema("string", "null").format("uri").description(description);
	}

	private static Parameter query(String name, Schema<?> schema, String description, Object example) {
		Parameter parameter = new Parameter().in("query").name(name).required(false).schema(schema)
			.description(description).example(example);
		if (schema instanceof ArraySchema) {
			// ordering=-created_at,id: one comma-separated value.
			parameter.style(Parameter.StyleEnum.FORM).explode(false);
		}
		return parameter;
	}

	private static Parameter dateQuery(String name, String description) {
		return query(name, schema("string").format("date"), description + DATE_FORMATS,
				"2025-03-01");
	}

	/** A schema of these JSON types (OpenAPI 3.1: {@code "type": ["string", "null"]} for a nullable string). */
	private static Schema<Object> schema(String... types) {
		return new Schema<>().types(new LinkedHashSet<>(List.of(types)));
	}

	private static Content json(Schema<?> schema, Map<String, Example> examples) {
		return new Content().addMediaType(JSON, new MediaType().schema(schema).examples(examples));
	}

	private static Schema<Object> detailSchema() {
		return new Schema<>().$ref(ref("Detail"));
	}

	/** An example body, given as the JSON text the endpoint writes. */
	private static Example example(String json) {
		try {
			return new Example().value(Json.mapper().readTree(json));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("Not JSON: " + json, ex);
		}
	}

	private static String ref(String schema) {
		return "#/components/schemas/" + schema;
	}

}
