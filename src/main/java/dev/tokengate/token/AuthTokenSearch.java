package dev.tokengate.token;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The search terms. Every term must match, as a case-insensitive substring, at least one of the token's id (as text),
 * key, or its user's username, mobile number, first or last name. {@code %}, {@code _} and {@code \} are literal.
 */
public record AuthTokenSearch(List<String> terms) {

	public static final AuthTokenSearch NONE = new AuthTokenSearch(List.of());

	public AuthTokenSearch {
		terms = List.copyOf(terms);
	}

	/**
	 * Parses a search string as DRF 3.14's SearchFilter does: NUL characters removed, commas count as whitespace, split
	 * on whitespace. There are no quoted phrases: quotes are ordinary characters. A repeated term is kept once: DRF
	 * added its condition again, which changes no result, but each costs six parameters of the statement (PostgreSQL
	 * takes at most 65535).
	 */
	public static AuthTokenSearch parse(String search) {
		if (search == null || search.isEmpty()) {
			return NONE;
		}
		List<String> terms = PythonWhitespace.split(search.replace("\0", "").replace(',', ' '));
		return new AuthTokenSearch(new ArrayList<>(new LinkedHashSet<>(terms)));
	}

	public boolean isEmpty() {
		return this.terms.isEmpty();
	}

}
