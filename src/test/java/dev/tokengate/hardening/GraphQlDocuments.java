package dev.tokengate.hardening;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tokengate.support.IntegrationTest;

/**
 * Random GraphQL requests: documents that are valid, or valid with arguments and variables of the wrong type, out of
 * range, null, huge or full of control characters, unknown fields, deep nesting, and plain garbage; sent mostly as
 * JSON POSTs, sometimes as GET or with a broken body.
 */
final class GraphQlDocuments {

	/** One request: a GET with the document in the query string, or a POST of the body. */
	record Request(boolean get, String document, String body, String contentType) {
	}

	private static final List<String> ARGUMENT_NAMES = List.of("filter", "search", "ordering", "limit", "offset",
			"first", "after", "last", "before");

	private static final List<String> FILTER_FIELDS = List.of("idMin", "idMax", "createdDate", "updatedDate",
			"createdFrom", "createdTo", "updatedFrom", "updatedTo");

	private static final List<String> TYPES = List.of("Int", "Int!", "String", "Long", "Date", "AuthTokenFilter",
			"[AuthTokenOrder!]", "[AuthTokenOrder]", "AuthTokenOrder", "Boolean", "Float", "ID", "Unknown", "[Int]",
			"[[String]]", "SortDirection");

	private static final List<String> GARBAGE = List.of("{", "}", "(", ")", "[", "]", "$", "...", "@", "\"", "\"\"\"",
			"#", ":", "!", "=", "|", "&", ",", "fragment", "on", "query", "mutation", "subscription", "\u0000", "\ufeff",
			"1e99999", "-", "\\", "'", "__typename", "@skip(if: true)", "@include(if: $x)", "... on Query", "\u00e9");

	private final HostileValues values;

	private final List<String> cursors;

	GraphQlDocuments(HostileValues values, List<String> cursors) {
		this.values = values;
		this.cursors = cursors;
	}

	Request next() {
		Map<String, String> variables = new LinkedHashMap<>();
		String document = switch (this.values.random().nextInt(12)) {
			case 0 -> this.values.mix(validDocument(variables), 1 + this.values.random().nextInt(6));
			case 1 -> garbage();
			case 2 -> deep();
			case 3 -> introspection();
			default -> validDocument(variables);
		};
		if (this.values.chance(0.03) && document.length() < 1000) {
			return new Request(true, document, null, null);
		}
		String variablesJson = variablesJson(variables);
		String body = "{\"query\":" + IntegrationTest.jsonString(document)
				+ (variablesJson == null ? "" : ",\"variables\":" + variablesJson) + operationName() + "}";
		if (this.values.chance(0.03)) {
			body = this.values.pick(List.of("", "{", "[]", "null", "\"query\"", "{\"query\":null}", "{\"query\":42}",
					"{\"query\":[\"{ authTokens { limit } }\"]}", "{\"variables\":{}}", "{\"query\":\"{ authTokens { limit } }\","
							+ "\"variables\":\"limit\"}", "{\"query\":\"{ authTokens { limit } }\",\"variables\":[1]}",
					this.values.mix(body, 3), body.substring(0, body.length() / 2), "\u0000" + body,
					"{\"query\":\"{ authTokens { limit } }\",\"extensions\":{\"persistedQuery\":{\"version\":1}}}"));
		}
		return new Request(false, document, body, this.values.chance(0.97) ? "application/json"
				: this.values.pick(List.of("application/json; charset=utf-8", "application/graphql-response+json",
						"text/plain", "application/x-www-form-urlencoded", "application/graphql")));
	}

	private String operationName() {
		if (!this.values.chance(0.05)) {
			return "";
		}
		return ",\"operationName\":" + this.values.pick(List.of("null", "\"Q\"", "\"Nope\"", "42", "\"\""));
	}

	private String validDocument(Map<String, String> variables) {
		StringBuilder selection = new StringBuilder();
		int fields = 1 + (this.values.chance(0.2) ? this.values.random().nextInt(3) : 0);
		for (int i = 0; i < fields; i++) {
			boolean list = this.values.chance(0.6);
			selection.append(fields > 1 ? " a" + i + ": " : " ");
			selection.append(this.values.chance(0.03) ? this.values.pick(List.of("authToken", "users", "__typename", "tokens"))
						: list ? "authTokens" : "authTokenConnection")
				.append(arguments(variables))
				.append(list ? pageSelection() : connectionSelection());
		}
		if (variables.isEmpty() && this.values.chance(0.7)) {
			return "{" + selection + " }";
		}
		StringBuilder declarations = new StringBuilder();
		variables.keySet().forEach(name -> declarations.append(declarations.isEmpty() ? "" : ", ")
			.append('$').append(name).append(": ").append(declaredType(name)));
		return "query Q" + (declarations.isEmpty() ? "" : "(" + declarations + ")") + " {" + selection + " }";
	}

	private String pageSelection() {
		return selection(List.of("totalCount", "limit", "offset", "results { id }",
				"results { id key userData { id username fullName } createdAt updatedAt }", "__typename",
				"results { nope }", "unknownField", "results", "... on AuthTokenPage { limit }",
				"totalCount @skip(if: true)", "limit @include(if: false)", "results { ...F }"));
	}

	private String connectionSelection() {
		return selection(List.of("totalCount", "edges { cursor }", "edges { cursor node { id key createdAt updatedAt } }",
				"pageInfo { hasNextPage hasPreviousPage startCursor endCursor }", "pageInfo { endCursor }", "__typename",
				"edges { node { userData { fullName } } }", "nodes { id }", "edges"));
	}

	/** One to a few of the fields, or none at all. */
	private String selection(List<String> fields) {
		if (this.values.chance(0.02)) {
			return this.values.chance(0.5) ? "" : " { }";
		}
		List<String> chosen = new ArrayList<>();
		int count = 1 + this.values.random().nextInt(3);
		for (int i = 0; i < count; i++) {
			chosen.add(this.values.chance(0.85) ? fields.get(this.values.random().nextInt(Math.min(5, fields.size())))
					: this.values.pick(fields));
		}
		return " { " + String.join(" ", chosen) + " }";
	}

	private String declaredType(String name) {
		if (this.values.chance(0.15)) {
			return this.values.pick(TYPES);
		}
		return switch (name) {
			case "filter" -> "AuthTokenFilter";
			case "search", "after", "before" -> "String";
			case "ordering" -> "[AuthTokenOrder!]";
			default -> "Int";
		};
	}

	private String arguments(Map<String, String> variables) {
		List<String> arguments = new ArrayList<>();
		for (String name : ARGUMENT_NAMES) {
			if (!this.values.chance(0.3)) {
				continue;
			}
			if (this.values.chance(0.3)) {
				// A variable, declared (and usually given a value) or not.
				if (this.values.chance(0.95)) {
					variables.put(name, this.values.chance(0.9) ? jsonValueFor(name) : null);
				}
				arguments.add(name + ": $" + name);
			}
			else {
				arguments.add(name + ": " + literalFor(name));
			}
		}
		if (this.values.chance(0.05)) {
			arguments.add(this.values.pick(List.of("nope", "key", "id", "first")) + ": " + literal(2));
		}
		return arguments.isEmpty() && this.values.chance(0.8) ? "" : "(" + String.join(this.values.chance(0.9) ? ", "
				: " ", arguments) + ")";
	}

	private String literalFor(String argument) {
		if (this.values.chance(0.2)) {
			return literal(3);
		}
		return switch (argument) {
			case "filter" -> filterLiteral();
			case "search" -> graphQlString(this.values.text(4));
			case "ordering" -> orderingLiteral();
			case "after", "before" -> graphQlString(cursor());
			default -> intLiteral();
		};
	}

	private String filterLiteral() {
		List<String> fields = new ArrayList<>();
		for (String field : FILTER_FIELDS) {
			if (this.values.chance(0.3)) {
				fields.add(field + ": " + (field.startsWith("id") ? (this.values.chance(0.8) ? intLiteral() : literal(1))
						: (this.values.chance(0.8) ? graphQlString(dateValue()) : literal(1))));
			}
		}
		if (this.values.chance(0.05)) {
			fields.add("unknownField: 1");
		}
		return "{" + String.join(", ", fields) + "}";
	}

	private String orderingLiteral() {
		List<String> terms = new ArrayList<>();
		int count = this.values.random().nextInt(this.values.chance(0.05) ? 200 : 4);
		for (int i = 0; i < count; i++) {
			terms.add("{field: " + this.values.pick(List.of("ID", "CREATED_AT", "UPDATED_AT", "USER", "KEY", "id", "null",
					"\"ID\"")) + (this.values.chance(0.6) ? ", direction: " + this.values.pick(List.of("ASC", "DESC", "null",
							"UP", "\"DESC\"")) : "") + "}");
		}
		return this.values.chance(0.1) && !terms.isEmpty() ? terms.get(0) : "[" + String.join(", ", terms) + "]";
	}

	private String intLiteral() {
		return switch (this.values.random().nextInt(6)) {
			case 0 -> Integer.toString(this.values.random().nextInt(1200) - 100);
			case 1 -> Long.toString(this.values.random().nextLong());
			case 2 -> "9".repeat(1 + this.values.random().nextInt(60));
			case 3 -> this.values.pick(List.of("0", "-0", "1", "1000", "1001", "2147483647", "2147483648", "-2147483648",
					"-2147483649", "9223372036854775807", "9223372036854775808", "1.0", "1e3", "null", "-1"));
			default -> Integer.toString(1 + this.values.random().nextInt(20));
		};
	}

	/** Any GraphQL literal, of any type, nested up to {@code depth}. */
	private String literal(int depth) {
		return switch (this.values.random().nextInt(depth > 0 ? 9 : 7)) {
			case 0 -> intLiteral();
			case 1 -> this.values.pick(List.of("1.5", "-0.0", "1e308", "1e309", "-1e-400", "3.14159"));
			case 2 -> graphQlString(this.values.text(3));
			case 3 -> "\"\"\"" + this.values.text(2).replace("\"\"\"", "") + "\"\"\"";
			case 4 -> this.values.pick(List.of("true", "false", "null"));
			case 5 -> this.values.pick(List.of("ID", "DESC", "ASC", "KEY", "Nope", "__typename"));
			case 6 -> "$" + this.values.pick(List.of("undeclared", "limit", "x"));
			case 7 -> "[" + literal(depth - 1) + ", " + literal(depth - 1) + "]";
			default -> "{" + this.values.pick(FILTER_FIELDS) + ": " + literal(depth - 1) + "}";
		};
	}

	private String cursor() {
		if (this.values.chance(0.5)) {
			String cursor = this.values.pick(this.cursors);
			return this.values.chance(0.5) ? cursor : this.values.mix(cursor, 1);
		}
		return this.values.pick(List.of("", ".", "AAAA.BBBB", "not-a-cursor", "====.====", "MTox.", this.values.text(2),
				"SUQuQVNDOjE.AAAAAAAAAAAAAAAAAAAAAA", "SUQuQVNDOjk5OTk5OTk5OTk5OTk5OTk5OTk5OTk.x"));
	}

	private String dateValue() {
		return this.values.chance(0.5) ? this.values.date() : this.values.pick(List.of("2025-08-06", "0000-01-01",
				"+999999999-12-31", "-999999999-01-01", "+10000-01-01", "-0001-01-01", "9999-12-31", "0001-01-01",
				"2025-02-29", "2024-02-29", "-4713-11-24", "-4714-11-23", "294276-12-31", "+294277-01-01"));
	}

	/** A JSON value for a variable: usually of the argument's type, often not. */
	private String jsonValueFor(String name) {
		if (this.values.chance(0.3)) {
			return jsonValue(3);
		}
		return switch (name) {
			case "filter" -> {
				List<String> fields = new ArrayList<>();
				for (String field : FILTER_FIELDS) {
					if (this.values.chance(0.3)) {
						fields.add(IntegrationTest.jsonString(field) + ":" + (field.startsWith("id")
								? (this.values.chance(0.7) ? intLiteral().replace("null", "0") : jsonValue(1))
								: IntegrationTest.jsonString(dateValue())));
					}
				}
				yield "{" + String.join(",", fields) + "}";
			}
			case "search" -> IntegrationTest.jsonString(this.values.chance(0.03) ? manyWords() : this.values.text(4));
			case "after", "before" -> IntegrationTest.jsonString(cursor());
			case "ordering" -> orderingLiteral().replaceAll("(field|direction):", "\"$1\":")
				.replaceAll(": ([A-Z_]+)", ": \"$1\"");
			default -> this.values.chance(0.7) ? intLiteral().replace("null", "1") : jsonValue(1);
		};
	}

	/** Hundreds to thousands of words, many repeated. */
	private String manyWords() {
		StringBuilder words = new StringBuilder();
		int count = 500 + this.values.random().nextInt(15000);
		int different = 1 + this.values.random().nextInt(2000);
		for (int i = 0; i < count; i++) {
			words.append(this.values.random().nextInt(different)).append(' ');
		}
		return words.toString();
	}

	private String jsonValue(int depth) {
		return switch (this.values.random().nextInt(depth > 0 ? 8 : 6)) {
			case 0 -> intLiteral().replace("null", "0");
			case 1 -> this.values.pick(List.of("1.5", "-0.0", "1e308", "1e400", "-1e-400", "123456789012345678901234567890"));
			case 2 -> IntegrationTest.jsonString(this.values.text(3));
			case 3 -> this.values.pick(List.of("true", "false", "null"));
			case 4 -> IntegrationTest.jsonString(this.values.pick(List.of("ID", "DESC", "2025-08-06", "10", "")));
			case 5 -> "\"" + "\\u0000".repeat(1 + this.values.random().nextInt(3)) + "\"";
			case 6 -> "[" + jsonValue(depth - 1) + "," + jsonValue(depth - 1) + "]";
			default -> "{" + IntegrationTest.jsonString(this.values.pick(FILTER_FIELDS)) + ":" + jsonValue(depth - 1) + "}";
		};
	}

	private String variablesJson(Map<String, String> variables) {
		if (variables.isEmpty()) {
			return this.values.chance(0.1) ? this.values.pick(List.of("null", "{}", "{\"unused\":1}")) : null;
		}
		List<String> entries = new ArrayList<>();
		variables.forEach((name, value) -> {
			if (value != null) {
				entries.add(IntegrationTest.jsonString(name) + ":" + value);
			}
		});
		return "{" + String.join(",", entries) + "}";
	}

	private String garbage() {
		StringBuilder out = new StringBuilder();
		int tokens = 1 + this.values.random().nextInt(40);
		for (int i = 0; i < tokens; i++) {
			out.append(this.values.chance(0.7) ? this.values.pick(GARBAGE)
					: this.values.pick(List.of("authTokens", "authTokenConnection", "limit", "results", "id", "filter")))
				.append(this.values.chance(0.5) ? " " : "");
		}
		return out.toString();
	}

	private String deep() {
		int depth = 1 + this.values.random().nextInt(this.values.chance(0.5) ? 100 : 5000);
		return switch (this.values.random().nextInt(4)) {
			case 0 -> "{ authTokens { results " + "{ id ".repeat(depth) + "}".repeat(depth) + " } }";
			case 1 -> "{ authTokens(ordering: " + "[".repeat(depth) + "{field: ID}" + "]".repeat(depth) + ") { limit } }";
			case 2 -> "{ authTokens(filter: " + "{idMin: ".repeat(depth) + "1" + "}".repeat(depth) + ") { limit } }";
			default -> "{ " + "a: authTokens { limit } ".repeat(depth) + "}";
		};
	}

	private String introspection() {
		return this.values.pick(List.of("{ __schema { types { name fields { name args { name type { name } } } } } }",
				"{ __type(name: \"AuthTokenFilter\") { inputFields { name } } }", "{ __typename }",
				"{ __type(name: " + graphQlString(this.values.text(2)) + ") { name } }"));
	}

	/** A GraphQL string literal (JSON's escapes are GraphQL's). */
	private static String graphQlString(String value) {
		return IntegrationTest.jsonString(value);
	}

}
