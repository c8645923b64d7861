package dev.tokengate.rest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.tokengate.token.AuthTokenRow;

/**
 * JSON exactly as DRF's JSONRenderer wrote it: compact separators, non-ASCII characters as UTF-8, control characters
 * as lowercase escapes (backslash, u00XX) (Python's {@code json.dumps(ensure_ascii=False)}), and U+2028/U+2029 escaped.
 * Written by hand into {@link JsonBytes} so the bytes cannot drift with a JSON library's defaults, and so rows stream
 * without a tree.
 */
final class DrfJson {

	static final byte[] OPTIONS_BODY = ("{\"name\":\"Auth Token List\",\"description\":\"\","
			+ "\"renders\":[\"application/json\"],\"parses\":[\"application/json\"]}").getBytes(StandardCharsets.UTF_8);

	private DrfJson() {
	}

	/** One list item: {@code {"id","key","user_data":{"id","username","full_name"},"created_at","updated_at"}}. */
	static JsonBytes appendRow(JsonBytes out, AuthTokenRow row) {
		out.ascii("{\"id\":").number(row.id()).ascii(",\"key\":").string(row.key());
		out.ascii(",\"user_data\":{\"id\":").number(row.userId()).ascii(",\"username\":").string(row.username());
		out.ascii(",\"full_name\":").string(row.fullName()).ascii("},\"created_at\":").timestamp(row.createdAt());
		return out.ascii(",\"updated_at\":").timestamp(row.updatedAt()).append('}');
	}

	/** LimitOffsetPagination's envelope. */
	static JsonBytes envelope(long count, String next, String previous, List<AuthTokenRow> rows) {
		JsonBytes out = envelopeHead(new JsonBytes(128 + rows.size() * 240), count, next, previous);
		for (int i = 0; i < rows.size(); i++) {
			if (i > 0) {
				out.append(',');
			}
			appendRow(out, rows.get(i));
		}
		return out.ascii("]}");
	}

	/** The envelope up to its first row: {@code {"count":..,"next":..,"previous":..,"results":[}. */
	static JsonBytes envelopeHead(JsonBytes out, long count, String next, String previous) {
		out.ascii("{\"count\":").number(count).ascii(",\"next\":");
		appendNullable(out, next).ascii(",\"previous\":");
		return appendNullable(out, previous).ascii(",\"results\":[");
	}

	/** An error body {@code {"detail":"..."}}. */
	static byte[] detail(String message) {
		return new JsonBytes(64).ascii("{\"detail\":").string(message).append('}').toByteArray();
	}

	/** django-filter's 400 body: {@code {"field":["message"],...}} in field order. */
	static byte[] fieldErrors(Map<String, List<String>> errors, List<String> fieldOrder) {
		JsonBytes out = new JsonBytes(128).append('{');
		for (String field : fieldOrder) {
			List<String> messages = errors.get(field);
			if (messages == null) {
				continue;
			}
			if (out.length() > 1) {
				out.append(',');
			}
			out.string(field).ascii(":[");
			for (int i = 0; i < messages.size(); i++) {
				if (i > 0) {
					out.append(',');
				}
				out.string(messages.get(i));
			}
			out.append(']');
		}
		return out.append('}').toByteArray();
	}

	private static JsonBytes appendNullable(JsonBytes out, String value) {
		return value == null ? out.ascii("null") : out.string(value);
	}

}
