package dev.tokengate.rest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.tokengate.token.AuthTokenRow;
import dev.tokengate.token.AuthTokenTimestamps;

/**
 * JSON exactly as DRF's JSONRenderer wrote it: compact separators, non-ASCII characters as UTF-8, control characters
 * as lowercase escapes (backslash, u00XX) (Python's {@code json.dumps(ensure_ascii=False)}), and U+2028/U+2029 escaped.
 * Written by hand so the bytes cannot drift with a JSON library's defaults, and so rows stream without a tree.
 */
final class DrfJson {

	static final byte[] OPTIONS_BODY = ("{\"name\":\"Auth Token List\",\"description\":\"\","
			+ "\"renders\":[\"application/json\"],\"parses\":[\"application/json\"]}").getBytes(StandardCharsets.UTF_8);

	private DrfJson() {
	}

	/** One list item: {@code {"id","key","user_data":{"id","username","full_name"},"created_at","updated_at"}}. */
	static StringBuilder appendRow(StringBuilder out, AuthTokenRow row) {
		out.append("{\"id\":").append(row.id()).append(",\"key\":");
		appendString(out, row.key()).append(",\"user_data\":{\"id\":").append(row.userId()).append(",\"username\":");
		appendString(out, row.username()).append(",\"full_name\":");
		appendString(out, row.fullName()).append("},\"created_at\":");
		appendString(out, AuthTokenTimestamps.format(row.createdAt())).append(",\"updated_at\":");
		return appendString(out, AuthTokenTimestamps.format(row.updatedAt())).append('}');
	}

	/** LimitOffsetPagination's envelope. */
	static byte[] envelope(long count, String next, String previous, List<AuthTokenRow> rows) {
		StringBuilder out = new StringBuilder(128 + rows.size() * 240);
		out.append("{\"count\":").append(count).append(",\"next\":");
		appendNullable(out, next).append(",\"previous\":");
		appendNullable(out, previous).append(",\"results\":[");
		for (int i = 0; i < rows.size(); i++) {
			if (i > 0) {
				out.append(',');
			}
			appendRow(out, rows.get(i));
		}
		return bytes(out.append("]}"));
	}

	/** An error body {@code {"detail":"..."}}. */
	static byte[] detail(String message) {
		StringBuilder out = new StringBuilder("{\"detail\":");
		return bytes(appendString(out, message).append('}'));
	}

	/** django-filter's 400 body: {@code {"field":["message"],...}} in field order. */
	static byte[] fieldErrors(Map<String, List<String>> errors, List<String> fieldOrder) {
		StringBuilder out = new StringBuilder("{");
		for (String field : fieldOrder) {
			List<String> messages = errors.get(field);
			if (messages == null) {
				continue;
			}
			if (out.length() > 1) {
				out.append(',');
			}
			appendString(out, field).append(":[");
			for (int i = 0; i < messages.size(); i++) {
				if (i > 0) {
					out.append(',');
				}
				appendString(out, messages.get(i));
			}
			out.append(']');
		}
		return bytes(out.append('}'));
	}

	static byte[] bytes(CharSequence json) {
		return json.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static StringBuilder appendNullable(StringBuilder out, String value) {
		return value == null ? out.append("null") : appendString(out, value);
	}

	static StringBuilder appendString(StringBuilder out, String value) {
		out.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				case '\u2028' -> out.append("\\u2028");
				case '\u2029' -> out.append("\\u2029");
				default -> {
					if (c < 0x20) {
						out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.append('"');
	}

}
