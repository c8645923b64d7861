package dev.tokengate.token;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** A parameterised SQL statement written by {@link AuthTokenQueryBuilder}. */
public record SqlStatement(String sql, List<Object> parameters) {

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS'+00'");

	public SqlStatement {
		parameters = List.copyOf(parameters);
	}

	public Object[] parameterArray() {
		return this.parameters.toArray();
	}

	/**
	 * This statement with its numbers, dates and timestamps written into the SQL as literals, when those are all its
	 * parameters; a statement with text (a search term) is returned as it is. PostgreSQL plans a statement with
	 * parameters anew at every execution here (their values change the best plan, so its cached generic plan never
	 * wins), and the list's statements took 0.3-0.8 ms to plan, as long as they took to run. A statement without
	 * parameters keeps its plan: pgjdbc prepares it on the server from its fifth use on a connection, so a repeated
	 * query (the first page above all) is no longer planned, and a query with new values is planned once, as before.
	 * A search keeps every parameter: with only its pattern left as one, PostgreSQL's cost comparison came to prefer
	 * a generic plan, which reads far too much for a common term (the soak's p99 went from 1.4 to 14.7 s). Every value
	 * written here is one the builder computed (a {@code long}, a date, a UTC timestamp), never a request's text, and
	 * is written in one fixed format.
	 */
	public SqlStatement withValuesInline() {
		List<String> literals = new ArrayList<>(this.parameters.size());
		for (Object value : this.parameters) {
			String literal = literal(value);
			if (literal == null) {
				return this;
			}
			literals.add(literal);
		}
		StringBuilder sql = new StringBuilder(this.sql.length() + 16 * this.parameters.size());
		int next = 0;
		for (int i = 0; i < this.sql.length(); i++) {
			char c = this.sql.charAt(i);
			if (c != '?') {
				sql.append(c);
				continue;
			}
			if (next == this.parameters.size()) {
				throw new IllegalStateException("More placeholders than parameters in " + this.sql);
			}
			sql.append(literals.get(next++));
		}
		if (next != this.parameters.size()) {
			throw new IllegalStateException("Fewer placeholders than parameters in " + this.sql);
		}
		return new SqlStatement(sql.toString(), List.of());
	}

	/** The value as a typed SQL literal, or null for a value that cannot be one. */
	private static String literal(Object value) {
		if (value instanceof Long number) {
			// A typed literal: "-9223372036854775808" alone would be read as a numeric, which no index of a bigint serves.
			return number >= 0 ? number.toString() : "bigint '" + number + "'";
		}
		if (value instanceof LocalDate date && date.getYear() >= 1 && date.getYear() <= 9999) {
			return "date '" + date + "'";
		}
		if (value instanceof OffsetDateTime time) {
			OffsetDateTime utc = time.withOffsetSameInstant(ZoneOffset.UTC);
			if (utc.getYear() >= 1 && utc.getYear() <= 9999) {
				return "timestamptz '" + TIMESTAMP.format(utc) + "'";
			}
		}
		return null;
	}

}
